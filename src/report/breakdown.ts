import type { FpgaResource } from '../hw/fpga/devices.js';
import type { Result } from '../sim/result.js';
import { pct, sig } from './number-format.js';
import { textTable } from './text-table.js';

/**
 * The energy and implementation breakdown `ternsim simulate --breakdown` prints: power by
 * component (dynamic, static, share, energy per token), the static contributions with their
 * sources, and the FPGA resources (totals and by unit) or the ASIC area and leakage by unit.
 */
export function formatBreakdown(r: Result): string {
  const secondsPerToken = r.msPerToken / 1e3 / r.workload.batch;
  const comps = [...r.power.byComponent].sort((a, b) => b.dynamicW + b.staticW - (a.dynamicW + a.staticW));
  const out: string[] = [];
  out.push(`Power by component (W)${r.power.junctionC !== null ? ` · FPGA junction ${r.power.junctionC.toFixed(1)} °C` : ''}`);
  out.push(
    textTable(
      ['component', 'dynamic W', 'static W', 'total W', 'share', 'mJ/token'],
      [
        ...comps.map((c) => {
          const t = c.dynamicW + c.staticW;
          return [c.component, sig(c.dynamicW, 3), sig(c.staticW, 3), sig(t, 3), pct(t / r.watts), sig(t * secondsPerToken * 1e3, 3)];
        }),
        ['total', sig(r.dynamicWatts, 3), sig(r.staticWatts, 3), sig(r.watts, 3), pct(1), sig(r.joulesPerToken * 1e3, 3)],
      ],
    ),
  );
  out.push('', 'Static contributions');
  out.push(textTable(['name', 'W', 'source'], r.power.staticSources.map((s) => [s.name, sig(s.watts, 3), s.source]), ['l', 'r', 'l']));
  const impl = r.implementation;
  if (impl?.target === 'fpga') {
    out.push('', `FPGA resources · ${impl.deviceName}${impl.board ? ` on ${impl.board}` : ''} · fmax assumption ${impl.fmaxHz / 1e6} MHz`);
    out.push(textTable(['resource', 'used', 'available', 'used %'], impl.resources.map((x) => [x.resource, sig(Math.round(x.used * 2) / 2, 8), sig(x.available, 8), pct(x.fraction)])));
    const kinds = impl.resources.map((x) => x.resource) as FpgaResource[];
    out.push('', 'Resources by unit');
    out.push(textTable(['unit', ...kinds, 'what'], impl.units.map((u) => [u.unit, ...kinds.map((k) => (u.use[k] ? sig(u.use[k]!, 8) : '')), u.detail]), ['l', ...kinds.map(() => 'r' as const), 'l']));
  } else if (impl?.target === 'asic') {
    out.push('', `ASIC area · ${impl.nodeNm} nm · ${sig(impl.areaMm2, 4)} mm² · leakage ${sig(impl.leakageW, 3)} W`);
    out.push(textTable(['unit', 'mm²', 'leakage mW', 'what'], impl.units.map((u) => [u.unit, sig(u.areaMm2, 3), sig(u.leakageW * 1e3, 3), u.detail]), ['l', 'r', 'r', 'l']));
  }
  return out.join('\n');
}
