import type { DramStandard } from '../hw/dram/standards.js';
import type { EnergyEntry } from './energy-table.js';

/**
 * System-level DRAM energy per bit where no IDD currents are given (O'Connor et al., MICRO'17,
 * "Fine-grained DRAM", FACTS.md §4): the figure includes activation and I/O.
 */
const SYSTEM_PJ_PER_BIT: Record<string, { pJ: number; source: string }> = {
  HBM2: { pJ: 3.9, source: "O'Connor MICRO'17 (HBM2, system level incl. activation and I/O), FACTS.md §4" },
};

/** DRAM energy per command and background power of one channel. */
export interface DramEnergy {
  actions: Record<string, EnergyEntry>;
  /** Background (standby) power of one channel in W, with its source. */
  backgroundW: { watts: number; source: string };
}

/**
 * Energy per DRAM command from the standard's IDD currents, as DRAMPower and DRAMsim3 compute it
 * (FACTS.md §4), for one rank of `devicesPerRank` devices:
 *   RD  = VDD·(IDD4R − IDD3N)·tBurst·devices,  WR = VDD·(IDD4W − IDD3N)·tBurst·devices,
 *   ACT(+PRE) = VDD·(IDD0·tRC − IDD3N·tRAS − IDD2N·tRP)·devices,  REF = VDD·(IDD5 − IDD3N)·tRFC·devices,
 *   background = VDD·IDD3N·devices (active standby; power-down is not modelled yet).
 * Core energy only, no I/O termination (a later issue adds it). Standards without currents use a
 * system-level pJ/bit per burst.
 */
export function dramEnergy(std: DramStandard): DramEnergy {
  const t = std.timing;
  const ps = (cycles: number) => cycles * t.tCK * 1e-12; // seconds
  const burstBits = std.organization.busWidthBits * std.organization.burstLength;
  const p = std.power;
  if (p) {
    const dev = p.devicesPerRank;
    const mA = 1e-3;
    const tBurst = ps(std.organization.burstLength / std.dataRate);
    const J2pJ = 1e12;
    const src = `DRAMPower-style IDD formula, ${std.name} currents (FACTS.md §4)`;
    return {
      actions: {
        rd: { pJ: p.VDD * (p.IDD4R - p.IDD3N) * mA * tBurst * dev * J2pJ, source: src },
        wr: { pJ: p.VDD * (p.IDD4W - p.IDD3N) * mA * tBurst * dev * J2pJ, source: src },
        act: { pJ: p.VDD * (p.IDD0 * ps(t.tRC) - p.IDD3N * ps(t.tRAS) - p.IDD2N * ps(t.tRP)) * mA * dev * J2pJ, source: `${src}; ACT includes its PRE` },
        pre: { pJ: 0, source: 'counted with ACT (IDD0 covers an ACT–PRE cycle)' },
        ref: { pJ: p.VDD * (p.IDD5 - p.IDD3N) * mA * ps(t.tRFC) * dev * J2pJ, source: src },
      },
      backgroundW: { watts: p.VDD * p.IDD3N * mA * dev, source: `VDD·IDD3N·devices, ${std.name} (active standby)` },
    };
  }
  const family = Object.keys(SYSTEM_PJ_PER_BIT).find((f) => std.name.startsWith(f));
  if (!family) throw new Error(`no DRAM energy data for standard ${std.name}`);
  const sys = SYSTEM_PJ_PER_BIT[family]!;
  const perBurst = { pJ: sys.pJ * burstBits, source: `${sys.pJ} pJ/bit × ${burstBits} bits; ${sys.source}` };
  const included = { pJ: 0, source: `included in the system-level pJ/bit (${sys.source})` };
  return {
    actions: { rd: perBurst, wr: perBurst, act: included, pre: included, ref: included },
    backgroundW: { watts: 0, source: `not separately known for ${std.name}; per-bit figure is system level` },
  };
}
