import { describe, it, expect } from 'vitest';
import { logicEnergyFactor } from '../../src/power/node-scaling.js';
import { onChipEnergyTable, sramAccessPJ45 } from '../../src/power/energy-table.js';
import { dramEnergy } from '../../src/power/dram-energy.js';
import { resolveDramStandard } from '../../src/hw/dram/standards.js';
import { shippedDesign } from '../sim/helpers.js';

describe('node scaling (Stillmaker–Baas via Accelergy)', () => {
  it('returns the table factors at table nodes and interpolates between them', () => {
    expect(logicEnergyFactor(45)).toBe(1);
    expect(logicEnergyFactor(28)).toBeCloseTo(0.513, 12);
    expect(logicEnergyFactor(7)).toBeCloseTo(0.094, 12);
    const f = logicEnergyFactor(20);
    expect(f).toBeLessThan(0.294);
    expect(f).toBeGreaterThan(0.174);
  });
});

describe('on-chip energy per action', () => {
  it('one ternary accumulate into a 16-bit accumulator at 28 nm costs Horowitz\'s 0.05 pJ × 0.513', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['tau.accumulatorBits=16', 'power.vdd=0.8 V']);
    expect(onChipEnergyTable(d)['tau']!['acc']!.pJ).toBeCloseTo(0.05 * 0.513, 12);
  });

  it('scales dynamic energy with the square of the supply voltage', () => {
    const at08 = onChipEnergyTable(shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['power.vdd=0.8 V']))['vector']!['mul']!.pJ;
    const at09 = onChipEnergyTable(shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['power.vdd=0.9 V']))['vector']!['mul']!.pJ;
    expect(at09 / at08).toBeCloseTo((0.9 / 0.8) ** 2, 12);
  });

  it('a 64-bit read of a 1 MB SRAM at 45 nm is Horowitz\'s 100 pJ, and of 8 KB is 10 pJ', () => {
    expect(sramAccessPJ45(1024 * 1024, 64)).toBeCloseTo(100, 9);
    expect(sramAccessPJ45(8 * 1024, 64)).toBeCloseTo(10, 9);
    expect(sramAccessPJ45(8 * 1024, 128)).toBeCloseTo(20, 9);
  });

  it('on an FPGA, a 16-bit accumulate is 16 half-ALMs at 72 fJ and a multiply one DSP cycle', () => {
    const t = onChipEnergyTable(shippedDesign('designs/fpga/d5005-paper-core.yaml'));
    expect(t['tau']!['acc']!.pJ).toBeCloseTo(16 * 0.072, 12);
    expect(t['vector']!['mul']!.pJ).toBe(4.3);
  });

  it('names a source for every entry', () => {
    for (const path of ['designs/fpga/d5005-paper-core.yaml', 'designs/asic/asic-28nm-hbm2.yaml']) {
      for (const actions of Object.values(onChipEnergyTable(shippedDesign(path)))) for (const e of Object.values(actions)) expect(e.source.length).toBeGreaterThan(10);
    }
  });
});

describe('DRAM energy from IDD currents (DRAMPower formulas)', () => {
  it('a DDR4-2400 read burst costs VDD·(IDD4R − IDD3N)·tBurst·8 devices ≈ 8.8 pJ/bit', () => {
    const e = dramEnergy(resolveDramStandard('DDR4-2400'));
    // 1.2 V × (184.5 − 44) mA × 4 tCK × 833 ps × 8 devices
    const hand = 1.2 * (184.5 - 44) * 1e-3 * 4 * 833e-12 * 8 * 1e12;
    expect(e.actions['rd']!.pJ).toBeCloseTo(hand, 6);
    expect(e.actions['rd']!.pJ / 512).toBeGreaterThan(8.5);
    expect(e.actions['rd']!.pJ / 512).toBeLessThan(9.0);
    // Background: 1.2 V × 44 mA × 8 devices
    expect(e.backgroundW.watts).toBeCloseTo(1.2 * 0.044 * 8, 12);
  });

  it('an HBM2 read burst (128-bit × BL4) costs VDD·(IDD4R − IDD3N)·tBurst = 1.57 pJ/bit of core energy', () => {
    // 1.2 V × (390 − 55) mA × (4 beats / 2 per tCK × 1000 ps) × 1 die
    const hand = 1.2 * (390 - 55) * 1e-3 * 2e-9 * 1e12;
    const rd = dramEnergy(resolveDramStandard('HBM2-2.0')).actions['rd']!.pJ;
    expect(rd).toBeCloseTo(hand, 6);
    expect(rd / 512).toBeCloseTo(1.5703, 3);
  });
});
