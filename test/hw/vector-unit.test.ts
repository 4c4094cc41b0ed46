import { describe, it, expect } from 'vitest';
import { elementwiseTiming, pairwiseLevelsCycles, quantizeTiming, rmsNormTiming, type VectorUnitConfig } from '../../src/hw/vector-unit.js';

const unit = (lanes: number, over: Partial<VectorUnitConfig> = {}): VectorUnitConfig => ({
  lanes,
  nonlinear: 'lut',
  normScale: 'rsqrt-mul',
  latency: { add: 1, sub: 1, mul: 3, div: 8, exp: 2, sigmoid: 2, silu: 2, rsqrt: 5 },
  ...over,
});

describe('vector unit timing', () => {
  it('streams an element-wise op at lanes per cycle and delivers after its pipeline', () => {
    const t = elementwiseTiming(unit(16), 'mul', 1000);
    expect(t.occupancyCycles).toBe(63); // ⌈1000/16⌉
    expect(t.latencyCycles).toBe(63 + 3 - 1);
    expect(t.actions).toEqual({ mul: 1000 });
  });

  it('names the LUT or piecewise-linear implementation of non-linear functions', () => {
    expect(elementwiseTiming(unit(1), 'sigmoid', 4).actions).toEqual({ 'sigmoid.lut': 4 });
    expect(elementwiseTiming(unit(1, { nonlinear: 'pwl' }), 'silu', 4).actions).toEqual({ 'silu.pwl': 4 });
  });

  it('runs RMSNorm as the paper core does: squaring pass, pairwise reduction level by level, LUT root, division pass', () => {
    const paper = unit(1, { normScale: 'sqrt-div', latency: { add: 1, sub: 1, mul: 1, div: 1, exp: 1, sigmoid: 1, silu: 1, rsqrt: 1 } });
    // d = 512, one lane (the RTL's rms.sv): 512 (square) + 256 + 128 + … + 1 = 511 (one pair per
    // cycle, level by level) + 1 (sqrt) + 512 (divide) cycles.
    const t = rmsNormTiming(paper, 512, 1);
    expect(t.latencyCycles).toBe(512 + 511 + 1 + 512);
    expect(t.occupancyCycles).toBe(t.latencyCycles);
    expect(t.actions).toEqual({ square: 512, add: 511, sqrt: 1, div: 512 });
    // Two rows back to back; two lanes halve each pass and each level (rounded up per level).
    expect(rmsNormTiming(paper, 512, 2).latencyCycles).toBe(2 * (512 + 511 + 1 + 512));
    expect(pairwiseLevelsCycles(512, 2)).toBe(128 + 64 + 32 + 16 + 8 + 4 + 2 + 1 + 1);
    expect(pairwiseLevelsCycles(6, 1)).toBe(3 + 1 + 1); // 6 → 3 → 2 → 1: an odd value carries to the next level
    expect(pairwiseLevelsCycles(1, 1)).toBe(0);
  });

  it('reduces lane partial sums with a log2-deep adder tree', () => {
    // 64 lanes, 4096 elements: 64 + log2(64)=6 + 5 (rsqrt) + 64 + (3 − 1) per row, 2 rows.
    const t = rmsNormTiming(unit(64), 4096, 2);
    expect(t.latencyCycles).toBe(2 * (64 + 6 + 5 + 64 + 2));
  });

  it('quantizes with a max-reduction, one reciprocal and a scaling pass', () => {
    const t = quantizeTiming(unit(8), 64, 1);
    expect(t.actions).toEqual({ abs: 64, max: 63, div: 1, mul: 64 });
    expect(t.latencyCycles).toBe(8 + 3 + 8 + 8 + 2);
  });
});
