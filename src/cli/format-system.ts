import type { SystemResult } from '../system/system-result.js';

/** A system result as the plain text `ternsim simulate <system>` prints. */
export function formatSystemResult(r: SystemResult): string {
  const s = r.system;
  const lines = [
    `${s.name} · ${r.workload.model} (${r.workload.phase}, batch ${r.workload.batch}, ${r.mode} mode)`,
    `  ${s.devices} device${s.devices === 1 ? '' : 's'}, ${s.topology}, ${s.partition} partition${s.partition === 'pipeline' ? `, ${s.microBatches} micro-batch${s.microBatches === 1 ? '' : 'es'}` : ''}`,
    `  tokens/s          ${r.tokensPerSecond.toPrecision(5)}`,
    `  ms per token      ${r.msPerToken.toPrecision(5)}`,
    ...(r.timeToFirstTokenMs !== null ? [`  time to 1st token ${r.timeToFirstTokenMs.toPrecision(5)} ms`] : []),
    `  power             ${r.watts.toPrecision(4)} W (${r.tokensPerSecondPerWatt.toPrecision(4)} tokens/s/W, ${(r.joulesPerToken * 1e3).toPrecision(4)} mJ/token)`,
    '  devices:',
    ...r.devices.map((d) => `    ${d.name} ${d.design}${d.layers ? ` layers ${d.layers[0]}–${d.layers[1]}` : ''}: busy ${(d.busyFraction * 100).toFixed(1)}%, ${d.watts.toPrecision(4)} W, ${(d.weightBytes / 1e6).toPrecision(4)} MB weights, alone ${d.tokensPerSecondAlone.toPrecision(4)} tokens/s`),
    ...(r.links.length > 0 ? ['  links:', ...r.links.map((l) => `    ${l.name}: ${l.bytesPerStep} B/step, busy ${(l.utilization * 100).toFixed(2)}%, ${l.watts.toPrecision(3)} W`)] : []),
  ];
  return lines.join('\n');
}
