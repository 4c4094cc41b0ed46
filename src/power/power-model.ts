import type { AcceleratorDesign } from '../design/schema.js';
import type { EnergyTable } from './energy-table.js';
import { psToSeconds } from '../util/units.js';

/** Power of one component over a run. */
export interface ComponentPower {
  component: string;
  /** Dynamic energy in J. */
  energyJ: number;
  dynamicW: number;
  staticW: number;
}

/** The power side of a Result. */
export interface PowerReport {
  watts: number;
  staticWatts: number;
  dynamicWatts: number;
  /** Energy per generated token (J), static included. */
  joulesPerToken: number;
  byComponent: ComponentPower[];
  /** Static contributions with their sources. */
  staticSources: { name: string; watts: number; source: string }[];
}

/** Looks up the energy entry of `component`/`action`: exact component first, then its family (text before the first '.'). */
function lookup(table: EnergyTable, component: string, action: string): number {
  const fam = component.split('.')[0]!;
  const e = table[component]?.[action] ?? table[fam]?.[action];
  if (!e) throw new Error(`no energy entry for ${component}.${action}`);
  return e.pJ;
}

/**
 * Energy = Σ actions × energy per action (Accelergy's method), plus static power × time.
 * `extraStatic` adds static contributions computed from the hardware (e.g. DRAM background).
 */
export function computePower(
  design: AcceleratorDesign,
  table: EnergyTable,
  actions: Record<string, Record<string, number>>,
  timePs: number,
  tokens: number,
  extraStatic: { name: string; watts: number; source: string }[],
): PowerReport {
  const seconds = psToSeconds(timePs);
  const byComp = new Map<string, ComponentPower>();
  const get = (c: string): ComponentPower => {
    let p = byComp.get(c);
    if (!p) byComp.set(c, (p = { component: c, energyJ: 0, dynamicW: 0, staticW: 0 }));
    return p;
  };
  for (const [component, acts] of Object.entries(actions)) {
    const fam = component.split('.')[0]!;
    let pJ = 0;
    for (const [action, n] of Object.entries(acts)) if (n !== 0) pJ += n * lookup(table, component, action);
    if (pJ > 0) get(fam).energyJ += pJ * 1e-12;
  }
  const staticSources = [...design.power.static.map((s) => ({ name: s.name, watts: s.power, source: s.source })), ...extraStatic];
  for (const s of staticSources) get(s.name).staticW += s.watts;
  let dynamicW = 0;
  let staticW = 0;
  for (const p of byComp.values()) {
    p.dynamicW = seconds > 0 ? p.energyJ / seconds : 0;
    dynamicW += p.dynamicW;
    staticW += p.staticW;
  }
  const watts = dynamicW + staticW;
  return {
    watts,
    staticWatts: staticW,
    dynamicWatts: dynamicW,
    joulesPerToken: (watts * seconds) / tokens,
    byComponent: [...byComp.values()].sort((a, b) => a.component.localeCompare(b.component)),
    staticSources,
  };
}
