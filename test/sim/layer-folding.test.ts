import { describe, it, expect } from 'vitest';
import { steadyLayersAgree } from '../../src/sim/layer-folding.js';

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
