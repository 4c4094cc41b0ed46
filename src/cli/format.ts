import type { Result } from '../sim/result.js';
import { bytesPerSecond, pct, sig } from '../report/number-format.js';

/** The human-readable summary `ternsim simulate` prints. */
export function formatResult(r: Result): string {
  const util = Object.entries(r.units)
    .map(([n, u]) => `${n} ${pct(u.busyFraction)}`)
    .join(', ');
  const mem = r.memory;
  const lines = [
    `${r.design.name} (${r.design.target}) · ${r.workload.model} · ${r.workload.phase}, batch ${r.workload.batch} · ${r.mode} mode`,
    ...(r.workload.phase === 'prefill'
      ? [`  prompt tokens/s ${sig(r.tokensPerSecond)}`, `  time to first token ${sig(r.timeToFirstTokenMs ?? r.msPerToken)} ms (the whole prefill, before sampling)`]
      : [`  tokens/s      ${sig(r.tokensPerSecond)}`, `  ms/token      ${sig(r.msPerToken)}`]),
    `  cycles        ${sig(r.cycles, 8)}`,
    `  W             ${sig(r.watts, 3)} (static ${sig(r.staticWatts, 3)}, dynamic ${sig(r.dynamicWatts, 3)})`,
    `  J/token       ${sig(r.joulesPerToken, 3)}`,
    `  pJ/accumulate ${sig(r.picojoulesPerAccumulate, 3)}`,
    `  bound by      ${r.boundBy}`,
    `  utilization   ${util}`,
    `  memory        ${bytesPerSecond(mem.achievedBytesPerSecond)} achieved of ${bytesPerSecond(mem.peakBytesPerSecond)} peak; bus busy ${pct(mem.busUtilization)}; weights ${sig(mem.weightBytes / 1e6)} MB per step`,
    `  W by component ${[...r.power.byComponent].sort((a, b) => b.dynamicW + b.staticW - (a.dynamicW + a.staticW)).map((c) => `${c.component} ${sig(c.dynamicW + c.staticW, 3)}`).join(', ')}`,
  ];
  const impl = r.implementation;
  if (impl?.target === 'fpga') lines.push(`  resources     ${impl.resources.map((x) => `${x.resource} ${pct(x.fraction)}`).join(', ')} of the ${impl.deviceName}`);
  if (impl?.target === 'asic') lines.push(`  area          ${sig(impl.areaMm2, 4)} mm² at ${impl.nodeNm} nm`);
  for (const w of r.warnings) lines.push(`  warning       ${w}`);
  return lines.join('\n');
}
