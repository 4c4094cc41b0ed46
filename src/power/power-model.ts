import type { BoardPowerModel } from './board-power.js';
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

/** Components off the chip: their dynamic power does not heat the chip. */
const OFF_CHIP = new Set(['dram', 'host', 'hostTransfer', 'mem']);

/** What computePower needs: the energy table, the action counts, the run's time and tokens, and the board. */
export interface PowerInputs {
  table: EnergyTable;
  actions: Record<string, Record<string, number>>;
  timePs: number;
  tokens: number;
  board: BoardPowerModel;
}

/**
 * Energy = Σ actions × energy per action (Accelergy's method), plus static power × time, plus
 * the regulators' loss on everything they feed: a `vrm` component whose static and dynamic parts
 * are (1/η − 1) × the static and dynamic power behind them. The chip's dynamic power sets its
 * temperature and so its static power (BoardPowerModel.staticAt).
 */
export function computePower({ table, actions, timePs, tokens, board }: PowerInputs): PowerReport & { junctionC: number | null; warnings: string[] } {
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
  let chipDynamicW = 0;
  for (const p of byComp.values()) {
    p.dynamicW = seconds > 0 ? p.energyJ / seconds : 0;
    if (!OFF_CHIP.has(p.component)) chipDynamicW += p.dynamicW;
  }
  const st = board.staticAt(chipDynamicW);
  let regulatedStatic = 0;
  for (const s of st.sources) {
    get(s.name).staticW += s.watts;
    if (!s.outsideRegulators) regulatedStatic += s.watts;
  }
  const dynamicIn = [...byComp.values()].reduce((a, p) => a + p.dynamicW, 0);
  const loss = 1 / board.vrmEfficiency.value - 1;
  const staticSources = st.sources.map(({ name, watts, source }) => ({ name, watts, source }));
  if (loss > 0) {
    const vrm = get('vrm');
    vrm.staticW += regulatedStatic * loss;
    vrm.dynamicW += dynamicIn * loss;
    vrm.energyJ += dynamicIn * loss * seconds;
    staticSources.push({ name: 'vrm', watts: regulatedStatic * loss, source: `regulator loss at ${(board.vrmEfficiency.value * 100).toFixed(0)}% efficiency: ${board.vrmEfficiency.source}` });
  }
  let dynamicW = 0;
  let staticW = 0;
  for (const p of byComp.values()) {
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
    junctionC: st.junctionC,
    warnings: st.warnings,
  };
}
