import { describe, expect, it } from 'vitest';
import { asicArea } from '../../src/power/asic-area.js';
import { implementationOf } from '../../src/power/implementation.js';
import { fitProblems, RETICLE_LIMIT_MM2 } from '../../src/power/implementation-fit.js';
import { sramMacroCost } from '../../src/power/sram-macro.js';
import { shippedDesign } from '../sim/helpers.js';

describe('ASIC area', () => {
  it('of the TAU adders at 40 nm is lanes × weights per lane × 278 µm² × bits / 32', () => {
    const a = asicArea(shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['power.node=40 nm']));
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    const adders = a.units.find((u) => u.unit === 'tau.adders')!;
    expect(adders.areaMm2).toBeCloseTo(d.tau.lanes * d.tau.weightsPerLane * 278e-6 * (d.tau.accumulatorBits / 32), 12);
  });

  it('of an SRAM is its banks\' CACTI macros', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    const act = asicArea(d).units.find((u) => u.unit === 'activationSram')!;
    const m = sramMacroCost(28, 'hp', d.activationSram.capacity / d.activationSram.banks, d.activationSram.widthBits);
    expect(act.areaMm2).toBeCloseTo(d.activationSram.banks * m.areaMm2, 12);
    expect(act.leakageW).toBeCloseTo(d.activationSram.banks * m.leakageW, 12);
  });

  it('sums its units, PHYs included', () => {
    const impl = implementationOf(shippedDesign('designs/asic/asic-28nm-hbm2.yaml'));
    if (impl.target !== 'asic') throw new Error('expected an ASIC');
    expect(impl.areaMm2).toBeCloseTo(impl.units.reduce((s, u) => s + u.areaMm2, 0), 12);
    expect(impl.units.find((u) => u.unit === 'memoryPhy')!.areaMm2).toBeCloseTo(12, 12);
  });

  it('fails a die larger than the reticle: 8 GiB of on-chip SRAM at 7 nm', () => {
    const d = shippedDesign('designs/asic/asic-7nm-sram-stationary.yaml', ['memory.capacity=8 GiB']);
    const p = fitProblems(d, implementationOf(d));
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toMatch(new RegExp(`^does not fit on one die: expected at most the ${RETICLE_LIMIT_MM2} mm² of a lithography reticle, got \\d+ mm²$`));
  });
});
