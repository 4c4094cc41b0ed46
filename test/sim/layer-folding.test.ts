import { describe, it, expect } from 'vitest';
import { bufferPhasePeriod, nearestPhaseLayer, steadyLayersAgree } from '../../src/sim/layer-folding.js';

describe('steadyLayersAgree', () => {
  it('accepts steady layers within the tolerance of their mean', () => {
    // Mean 100: 99.5 and 100.5 are 0.5% off.
    expect(steadyLayersAgree([99.5, 100.5], 0.01)).toBe(true);
  });

  it('rejects a steady layer one refresh stall away from the others', () => {
    // Mean 102: 106 is 3.9% off.
    expect(steadyLayersAgree([100, 100, 106, 102], 0.01)).toBe(false);
  });

  it('rejects a run without steady layers', () => {
    expect(steadyLayersAgree([], 0.01)).toBe(false);
  });
});

describe('steadyLayersAgree over phase periods', () => {
  it('compares whole periods, not single layers: a 3-layer pattern repeated twice agrees', () => {
    // Periods of 50 + 50 + 41 = 141 each; single layers are 12% apart.
    expect(steadyLayersAgree([50, 50, 41, 50, 50, 41], 0.01, 3)).toBe(true);
  });

  it('accepts a single period as it stands, and rejects a sample that is not whole periods', () => {
    expect(steadyLayersAgree([50, 50, 41], 0.01, 3)).toBe(true);
    expect(steadyLayersAgree([50, 50, 41, 50], 0.01, 3)).toBe(false);
  });
});

describe('bufferPhasePeriod', () => {
  const half = 512 * 1024;

  it('is one layer when a layer fills whole halves', () => {
    expect(bufferPhasePeriod(20 * half, half, 8, 1 / 64)).toBe(1);
  });

  it('is two layers for 2.5 halves a layer (mmfree-1.3b at 2 bits: 12,845,056 B = 24.5 halves)', () => {
    expect(bufferPhasePeriod(12_845_056, half, 8, 1 / 64)).toBe(2);
  });

  it('is four layers for mmfree-2.7b at 1.6 bits (15,861,248 B = 30.2529 halves: 4 layers = 121.01, 1% of a half off)', () => {
    expect(bufferPhasePeriod(15_861_248, half, 8, 1 / 64)).toBe(4);
  });

  it('is null when no period of at most 8 layers comes within 1/64 of a half (mmfree-1.3b at 1.6 bits: 19.617 halves a layer)', () => {
    // 5 layers: 98.09 halves (0.09 off), 8 layers: 156.94 (0.06 off).
    expect(bufferPhasePeriod(10_285_056, half, 8, 1 / 64)).toBeNull();
  });
});

describe('nearestPhaseLayer', () => {
  // mmfree-1.3b at 1.6 bits: 10,285,056 B a layer = 19.6172 halves of 512 KiB.
  const layerHalves = 10_285_056 / (512 * 1024);

  it('stands a layer one period (8 layers, 0.06 of a half of drift) after a steady layer in for it', () => {
    expect(nearestPhaseLayer(8, 8, layerHalves)).toBe(0);
    expect(nearestPhaseLayer(9, 8, layerHalves)).toBe(1);
  });

  it('takes the nearest phase, not the same place in the period: 13 layers are 255.023 halves, nearer than 8 (156.94)', () => {
    // Layer 13 is 0.06 of a half from layer 5 but 0.023 from layer 0; layer 16 is 0.125 from layer 0 but 0.023 from layer 3.
    expect(nearestPhaseLayer(13, 8, layerHalves)).toBe(0);
    expect(nearestPhaseLayer(16, 8, layerHalves)).toBe(3);
  });

  it('gives ties to the earlier layer: with whole halves a layer every steady layer is at the same phase', () => {
    expect(nearestPhaseLayer(11, 4, 20)).toBe(0);
  });
});
