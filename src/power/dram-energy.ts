import type { DramPower, DramRail, DramStandard } from '../hw/dram/standard-types.js';
import type { EnergyEntry } from './energy-table.js';

/**
 * DRAM energy, DRAMPower / DRAMsim3 style: energy per command from the IDD currents, an interface
 * (I/O) energy per bit moved, and background power by state (active / precharge standby, active /
 * precharge power-down) weighted by the residencies the channel counts.
 */

/** Energy per DRAM command and background power of one channel. */
export interface DramEnergy {
  /** Energy per counted channel action (every action a channel counts has an entry). */
  actions: Record<string, EnergyEntry>;
  /**
   * Background power of one channel in W when every rank / pseudo-channel is in active standby
   * (VDD·IDD3N·devices each): the constant power/ adds as static power. `dramEnergyBreakdown`
   * uses the state residencies instead.
   */
  backgroundW: { watts: number; source: string };
  /** Background power of one rank / pseudo-channel in each state, W. */
  states: DramBackgroundStates;
}

/** Background power of one rank (or pseudo-channel) by state, W (DRAMPower's four background states). */
export interface DramBackgroundStates {
  /** At least one bank open, clock enabled: VDD·IDD3N. */
  activeStandby: number;
  /** All banks closed, clock enabled: VDD·IDD2N. */
  prechargeStandby: number;
  /** Powered down with a bank open: VDD·IDD3P. */
  activePowerDown: number;
  /** Powered down with all banks closed: VDD·IDD2P. */
  prechargePowerDown: number;
  source: string;
}

/**
 * System-level energy per bit for a standard without IDD currents (O'Connor et al., MICRO'17,
 * FACTS.md §4): the figure includes activation and I/O. Every shipped preset has currents; this
 * is the fallback for a standard added without them.
 */
const SYSTEM_PJ_PER_BIT: Record<string, { pJ: number; source: string }> = {
  HBM: { pJ: 3.9, source: "O'Connor MICRO'17 (HBM2, system level incl. activation and I/O), FACTS.md §4" },
  GDDR6: { pJ: 7.5, source: 'Micron GDDR6 ≈7.5 pJ/bit, FACTS.md §4 [unconfirmed]' },
  LPDDR4: { pJ: 8, source: "O'Connor MICRO'17 (LPDDR4, system level), FACTS.md §4" },
};

/** Actions that carry no energy of their own: bookkeeping (hit/miss) and residencies in ps (background is computed from them). */
const BOOKKEEPING: Record<string, string> = {
  hit: 'row-hit count (bookkeeping; the column command is counted as rd/wr)',
  miss: 'row-miss count (bookkeeping; the activation is counted as act)',
  rowOpen: 'residency in ps (background energy: dramEnergyBreakdown; static active standby in power/)',
  actPdn: 'residency in ps (background energy: dramEnergyBreakdown)',
  prePdn: 'residency in ps (background energy: dramEnergyBreakdown)',
};

const MA = 1e-3;
const J_TO_PJ = 1e12;

/** Σ over the device's rails of VDD·f(rail) (mA·s → J with `MA`). */
function overRails(p: DramPower, f: (r: DramRail) => number): number {
  let s = p.VDD * f(p);
  for (const r of p.extraRails ?? []) s += r.VDD * f(r);
  return s;
}

/**
 * Energy per DRAM command from the standard's IDD currents, as DRAMPower and DRAMsim3 compute it
 * (FACTS.md §4), for one rank (or pseudo-channel) of `devicesPerRank` devices, summed over rails:
 *   RD  = VDD·(IDD4R − IDD3N)·tBurst·devices,  WR = VDD·(IDD4W − IDD3N)·tBurst·devices,
 *   ACT(+PRE) = VDD·(IDD0·tRC − IDD3N·tRAS − IDD2N·tRP)·devices,  REF = VDD·(IDD5 − IDD3N)·tRFC·devices,
 *   REFpb = REF / banks (a per-bank refresh does a bank's share of an all-bank refresh) [derived];
 * interface energy per burst `rd.io` / `wr.io` = I/O pJ/bit × bits; background states
 * VDD·IDD3N / IDD2N / IDD3P / IDD2P·devices. `rd` / `wr` are core energy only, as FACTS' figures.
 * Standards without currents use a system-level pJ/bit per burst.
 */
export function dramEnergy(std: DramStandard): DramEnergy {
  const t = std.timing;
  const o = std.organization;
  const sec = (cycles: number): number => cycles * t.tCK * 1e-12;
  const burstBits = o.busWidthBits * o.burstLength;
  const units = o.ranks * o.pseudoChannels;
  const book = Object.fromEntries(Object.entries(BOOKKEEPING).map(([k, why]) => [k, { pJ: 0, source: why }]));
  const p = std.power;
  const io = std.io;
  const ioEntries = io
    ? {
        'rd.io': { pJ: io.readPJPerBit * burstBits, source: `${io.readPJPerBit} pJ/bit × ${burstBits} bits; ${io.source}` },
        'wr.io': { pJ: io.writePJPerBit * burstBits, source: `${io.writePJPerBit} pJ/bit × ${burstBits} bits; ${io.source}` },
      }
    : {
        'rd.io': { pJ: 0, source: `no I/O energy given for ${std.name}` },
        'wr.io': { pJ: 0, source: `no I/O energy given for ${std.name}` },
      };
  if (p) {
    const dev = p.devicesPerRank;
    const tBurst = sec(o.burstLength / std.dataRate);
    const src = `DRAMPower/DRAMsim3 IDD formula, ${p.source}`;
    const ref = overRails(p, (r) => (r.IDD5 - r.IDD3N) * MA * sec(t.tRFC)) * dev * J_TO_PJ;
    const banks = o.bankGroups * o.banksPerGroup;
    const w = (f: (r: DramRail) => number): number => overRails(p, f) * MA * dev;
    const states: DramBackgroundStates = {
      activeStandby: w((r) => r.IDD3N),
      prechargeStandby: w((r) => r.IDD2N),
      activePowerDown: w((r) => r.IDD3P),
      prechargePowerDown: w((r) => r.IDD2P),
      source: `VDD·IDD3N / IDD2N / IDD3P / IDD2P × ${dev} device(s); ${p.source}`,
    };
    return {
      actions: {
        rd: { pJ: overRails(p, (r) => (r.IDD4R - r.IDD3N) * MA * tBurst) * dev * J_TO_PJ, source: src },
        wr: { pJ: overRails(p, (r) => (r.IDD4W - r.IDD3N) * MA * tBurst) * dev * J_TO_PJ, source: src },
        act: { pJ: Math.max(0, overRails(p, (r) => (r.IDD0 * sec(t.tRC) - r.IDD3N * sec(t.tRAS) - r.IDD2N * sec(t.tRP)) * MA) * dev * J_TO_PJ), source: `${src}; ACT includes its PRE` },
        pre: { pJ: 0, source: 'counted with ACT (IDD0 covers an ACT–PRE cycle)' },
        ref: { pJ: ref, source: src },
        refpb: { pJ: ref / banks, source: `[derived] all-bank REF energy / ${banks} banks; ${src}` },
        ...ioEntries,
        ...book,
      },
      backgroundW: { watts: states.activeStandby * units, source: `${units} × VDD·IDD3N·devices, ${std.name} (active standby)` },
      states,
    };
  }
  const family = Object.keys(SYSTEM_PJ_PER_BIT).find((f) => std.name.startsWith(f));
  if (!family) throw new Error(`no DRAM energy data for standard ${std.name}`);
  const sys = SYSTEM_PJ_PER_BIT[family]!;
  const perBurst = { pJ: sys.pJ * burstBits, source: `${sys.pJ} pJ/bit × ${burstBits} bits; ${sys.source}` };
  const included = { pJ: 0, source: `included in the system-level pJ/bit (${sys.source})` };
  const none = `not separately known for ${std.name}; per-bit figure is system level`;
  return {
    actions: { rd: perBurst, wr: perBurst, act: included, pre: included, ref: included, refpb: included, 'rd.io': included, 'wr.io': included, ...book },
    backgroundW: { watts: 0, source: none },
    states: { activeStandby: 0, prechargeStandby: 0, activePowerDown: 0, prechargePowerDown: 0, source: none },
  };
}

/** Energy of a DRAM run by part, pJ, with the background residencies it used. */
export interface DramEnergyBreakdown {
  /** Energy by part (pJ): activations, reads and writes (core), refreshes, interface, background, total. */
  pJ: { act: number; rd: number; wr: number; ref: number; io: number; background: number; total: number };
  /** Residency summed over channels and ranks / pseudo-channels, ps, by background state. */
  residencyPs: { activeStandby: number; prechargeStandby: number; activePowerDown: number; prechargePowerDown: number };
  /** Average power over the run, W. */
  watts: number;
  /** Total energy per bit read or written, pJ. */
  pJPerBit: number;
}

/**
 * Energy of a run from the channels' action counts (`actions` keyed by channel component, as
 * `Stats.actions()` gives them; components not starting with `prefix` are ignored) over `timePs`:
 * commands × energy per command, plus background power by state × the residencies the channels
 * counted (`rowOpen`, `actPdn`, `prePdn`; the rest of each rank's time is precharge standby).
 */
export function dramEnergyBreakdown(
  std: DramStandard,
  actions: Record<string, Record<string, number>>,
  timePs: number,
  prefix = 'dram.',
): DramEnergyBreakdown {
  const e = dramEnergy(std);
  const o = std.organization;
  const units = o.ranks * o.pseudoChannels;
  const pJ = { act: 0, rd: 0, wr: 0, ref: 0, io: 0, background: 0, total: 0 };
  const res = { activeStandby: 0, prechargeStandby: 0, activePowerDown: 0, prechargePowerDown: 0 };
  let bits = 0;
  const burstBits = o.busWidthBits * o.burstLength;
  const at = (a: Record<string, number>, k: string): number => a[k] ?? 0;
  const E = (k: string): number => e.actions[k]?.pJ ?? 0;
  for (const [comp, a] of Object.entries(actions)) {
    if (!comp.startsWith(prefix)) continue;
    pJ.act += at(a, 'act') * E('act') + at(a, 'pre') * E('pre');
    pJ.rd += at(a, 'rd') * E('rd');
    pJ.wr += at(a, 'wr') * E('wr');
    pJ.ref += at(a, 'ref') * E('ref') + at(a, 'refpb') * E('refpb');
    pJ.io += at(a, 'rd.io') * E('rd.io') + at(a, 'wr.io') * E('wr.io');
    bits += (at(a, 'rd') + at(a, 'wr')) * burstBits;
    const open = at(a, 'rowOpen');
    const actPdn = at(a, 'actPdn');
    const prePdn = at(a, 'prePdn');
    res.activePowerDown += actPdn;
    res.prechargePowerDown += prePdn;
    res.activeStandby += Math.max(0, open - actPdn);
    res.prechargeStandby += Math.max(0, units * timePs - open - prePdn);
  }
  const s = e.states;
  pJ.background = (res.activeStandby * s.activeStandby + res.prechargeStandby * s.prechargeStandby + res.activePowerDown * s.activePowerDown + res.prechargePowerDown * s.prechargePowerDown) * 1e-12 * J_TO_PJ;
  pJ.total = pJ.act + pJ.rd + pJ.wr + pJ.ref + pJ.io + pJ.background;
  return { pJ, residencyPs: res, watts: timePs > 0 ? (pJ.total * 1e-12) / (timePs * 1e-12) : 0, pJPerBit: bits > 0 ? pJ.total / bits : 0 };
}
