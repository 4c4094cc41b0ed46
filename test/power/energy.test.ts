import { describe, it, expect } from 'vitest';
import { logicEnergyFactor } from '../../src/power/node-scaling.js';
import { onChipEnergyTable } from '../../src/power/energy-table.js';
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

  it('one int8 ternary accumulate at 28 nm costs Horowitz\'s 0.03 pJ × 0.513 at the 0.8 V of the scaling table', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['tau.accumulatorBits=8', 'power.vdd=0.8 V']);
    expect(onChipEnergyTable(d)['tau']!['acc']!.pJ).toBeCloseTo(0.03 * 0.513, 12);
  });

  it('a 64-bit read of a 1 MB SRAM at 22 nm is CACTI\'s 21.09 pJ (hp cells) and 26.59 pJ (lstp)', () => {
    const at22 = (cell: string) => onChipEnergyTable(shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['power.node=22 nm', `power.sramCell=${cell}`, 'activationSram.capacity=1 MiB', 'activationSram.banks=1', 'activationSram.widthBits=64']));
    expect(at22('hp')['activationSram']!['read']!.pJ).toBeCloseTo(21.09, 9);
    expect(at22('lstp')['activationSram']!['read']!.pJ).toBeCloseTo(26.59, 9);
    expect(at22('hp')['activationSram']!['write']!.pJ).toBeCloseTo(18.29, 9);
  });

  it('a banked SRAM is accessed one bank macro at a time: 4 banks of 1 MiB read like one 1 MiB macro', () => {
    const t = onChipEnergyTable(shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['power.node=22 nm', 'activationSram.capacity=4 MiB', 'activationSram.banks=4', 'activationSram.widthBits=64']));
    expect(t['activationSram']!['read']!.pJ).toBeCloseTo(21.09, 9);
  });

  it('clocks a register bit at Aladdin\'s 0.009 pJ at 40 nm, scaled by the node factor', () => {
    const t = onChipEnergyTable(shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['power.node=40 nm', 'power.vdd=0.8 V']));
    expect(t['clock']!['registerBitCycles']!.pJ).toBeCloseTo(0.009, 12);
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
