import { describe, it, expect } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { DramSystem } from '../../src/hw/dram/dram-system.js';
import { DRAM_STANDARDS, resolveDramStandard } from '../../src/hw/dram/standards.js';
import { dramEnergy, dramEnergyBreakdown } from '../../src/power/dram-energy.js';

// Hand calculations use the currents typed from the cited sources (FACTS.md §4, DRAMsim3, DRAMPower).
// mA × ns = pC; × V = pJ.

describe('DRAM energy per command from IDD currents (DRAMPower / DRAMsim3 formulas)', () => {
  it('DDR4-2400 read: VDD·(IDD4R − IDD3N)·tBurst·8 devices ≈ 8.8 pJ/bit, within 20% of FACTS\' IDD-derived 5.7–8.8', () => {
    const e = dramEnergy(resolveDramStandard('DDR4-2400'));
    const rd = 1.2 * (184.5 - 44) * 4 * 0.833 * 8; // 4493 pJ per 512-bit burst
    expect(e.actions['rd']!.pJ).toBeCloseTo(rd, 6);
    const perBit = e.actions['rd']!.pJ / 512; // 8.78
    expect(Math.abs(perBit / 8.8 - 1)).toBeLessThan(0.2);
    expect(perBit).toBeGreaterThan(5.7 * 0.8);
    expect(perBit).toBeLessThan(8.8 * 1.2);
    // ACT (with its PRE): VDD·(IDD0·tRC − IDD3N·tRAS − IDD2N·tRP)·8 = 1.2 × (60.75·55 − 44·39 − 38.25·16) × 0.833 × 8.
    expect(e.actions['act']!.pJ).toBeCloseTo(1.2 * (60.75 * 55 - 44 * 39 - 38.25 * 16) * 0.833 * 8, 6);
    // REF: VDD·(IDD5 − IDD3N)·tRFC·8; background states VDD·IDDx·8.
    expect(e.actions['ref']!.pJ).toBeCloseTo(1.2 * (118 - 44) * 420 * 0.833 * 8, 6);
    expect(e.backgroundW.watts).toBeCloseTo(1.2 * 0.044 * 8, 12);
    expect(e.states).toMatchObject({ prechargeStandby: expect.closeTo(1.2 * 0.03825 * 8, 12), prechargePowerDown: expect.closeTo(1.2 * 0.017 * 8, 12) });
    // I/O: 4.4 pJ/bit × 512 bits per burst, a separate action.
    expect(e.actions['rd.io']!.pJ).toBeCloseTo(4.4 * 512, 9);
  });

  it('with DRAMsim3\'s DDR4 currents the same formulas give FACTS\' 5.7 pJ/bit read and ≈3.45 nJ activation', () => {
    // DRAMsim3 DDR4_8Gb_x8_2400.ini: IDD0 48, IDD2N 34, IDD3N 43, IDD4R 135.
    const s = resolveDramStandard('DDR4-2400');
    const e = dramEnergy({ ...s, power: { ...s.power!, IDD0: 48, IDD2N: 34, IDD3N: 43, IDD4R: 135 } });
    expect(e.actions['rd']!.pJ / 512).toBeCloseTo(5.7, 1);
    expect(e.actions['act']!.pJ / 1000).toBeCloseTo(3.35, 1); // FACTS quotes ≈3.45 nJ
  });

  it('HBM2 core read ≈ 1.6 pJ/bit (FACTS) from DRAMsim3 currents: 1.2 V × (390 − 55) mA × 2 ns / 512 bits', () => {
    const e = dramEnergy(resolveDramStandard('HBM2-2.0'));
    expect(e.actions['rd']!.pJ).toBeCloseTo(1.2 * 335 * 2, 6);
    expect(e.actions['rd']!.pJ / 512).toBeCloseTo(1.57, 2);
    // A pseudo-channel carries half the bits with half the current: the same energy per bit.
    const pc = dramEnergy(resolveDramStandard('HBM2-2.0-PC'));
    expect(pc.actions['rd']!.pJ / 256).toBeCloseTo(1.57, 2);
  });

  it('sums every rail: LPDDR4 VDD2 1.1 V and VDD1 1.8 V', () => {
    const e = dramEnergy(resolveDramStandard('LPDDR4-3200'));
    // RD: 1.1 × (275 − 30) + 1.8 × (2.25 − 2.25) over 8 tCK of 0.625 ns.
    expect(e.actions['rd']!.pJ).toBeCloseTo(1.1 * 245 * 5, 6);
    expect(e.states.activeStandby).toBeCloseTo((1.1 * 30 + 1.8 * 2.25) * 1e-3, 12);
    // Per-bank refresh: an all-bank refresh's energy over 8 banks.
    expect(e.actions['refpb']!.pJ).toBeCloseTo(e.actions['ref']!.pJ / 8, 9);
  });

  it('has an energy entry, with a source, for every action any channel counts', () => {
    for (const name of Object.keys(DRAM_STANDARDS)) {
      const std = resolveDramStandard(name);
      const sim = new Simulator();
      const stats = new Stats();
      const dram = new DramSystem(sim, stats, {
        standard: std,
        channels: 1,
        refresh: std.timing.tRFCpb > 0 ? 'per-bank' : 'all-bank',
        powerDownIdleCycles: 4,
        writeQueue: { depth: 8, highWatermark: 6, lowWatermark: 2 },
      });
      for (let k = 0; k < 16; k++) sim.at(k * 50_000, () => dram.tryIssue({ addr: k * 4096 * 33, bytes: 64, write: k % 3 === 0, onDone: () => {} }));
      sim.run();
      dram.finish(sim.now + 10_000_000);
      const e = dramEnergy(std);
      for (const action of Object.keys(stats.actions()['dram.ch0']!)) {
        expect(e.actions[action], `${name} ${action}`).toBeDefined();
        expect(e.actions[action]!.source.length).toBeGreaterThan(10);
        expect(e.actions[action]!.pJ).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('energy of a run (dramEnergyBreakdown)', () => {
  const CK = 833;

  function oneRead(powerDownIdleCycles?: number) {
    const std = resolveDramStandard('DDR4-2400');
    const sim = new Simulator();
    const stats = new Stats();
    const dram = new DramSystem(sim, stats, { standard: std, channels: 1, ...(powerDownIdleCycles !== undefined ? { powerDownIdleCycles } : {}) });
    sim.at(0, () => dram.tryIssue({ addr: 0, bytes: 64, write: false, onDone: () => {} }));
    sim.run();
    const end = 5000 * CK; // before the first refresh (9364 tCK)
    dram.finish(end);
    return { std, b: dramEnergyBreakdown(std, stats.actions(), end), end };
  }

  it('adds commands, I/O and background by state: one read, then the open row idles in active standby', () => {
    const { std, b, end } = oneRead();
    const e = dramEnergy(std);
    expect(b.pJ.act).toBeCloseTo(e.actions['act']!.pJ, 6);
    expect(b.pJ.rd).toBeCloseTo(e.actions['rd']!.pJ, 6);
    expect(b.pJ.ref).toBe(0);
    expect(b.pJ.io).toBeCloseTo(4.4 * 512, 6);
    // Open page: the row stays open from the ACT at 0 to the end: all active standby, 1.2 V × 44 mA × 8.
    expect(b.residencyPs).toEqual({ activeStandby: end, prechargeStandby: 0, activePowerDown: 0, prechargePowerDown: 0 });
    expect(b.pJ.background).toBeCloseTo(end * 1.2 * 0.044 * 8, 3);
    expect(b.pJ.total).toBeCloseTo(b.pJ.act + b.pJ.rd + b.pJ.io + b.pJ.background, 6);
    expect(b.watts).toBeCloseTo(b.pJ.total / end, 9);
    expect(b.pJPerBit).toBeCloseTo(b.pJ.total / 512, 9);
  });

  it('power-down lowers the background: active power-down (IDD3P) from 10 tCK after the read', () => {
    const { b, end } = oneRead(10);
    const down = end - 46 * CK; // data done at 36 tCK, down at 46
    expect(b.residencyPs.activePowerDown).toBe(down);
    expect(b.residencyPs.activeStandby).toBe(end - down);
    expect(b.pJ.background).toBeCloseTo((end - down) * 1.2 * 0.044 * 8 + down * 1.2 * 0.0225 * 8, 3);
    expect(b.pJ.background).toBeLessThan(oneRead().b.pJ.background * 0.6);
  });
});
