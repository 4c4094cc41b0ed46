import { describe, expect, it } from 'vitest';
import { gridIndices, latinHypercubeIndices, randomIndices } from '../../src/dse/samplers.js';

describe('the grid sampler', () => {
  it('visits every combination exactly once, the last parameter fastest', () => {
    const pts = [...gridIndices([2, 3])];
    expect(pts).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    const big = [...gridIndices([3, 4, 5])];
    expect(big).toHaveLength(60);
    expect(new Set(big.map((p) => p.join())).size).toBe(60);
  });
});

describe('the Latin hypercube sampler', () => {
  it('uses each stratum of each parameter exactly once: with points = size every value appears once', () => {
    const pts = [...latinHypercubeIndices([10, 10, 10], 10, 7)];
    for (let d = 0; d < 3; d++) expect(pts.map((p) => p[d]).sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('spreads 100 points over 7 values 14 or 15 times each', () => {
    const pts = [...latinHypercubeIndices([7, 3], 100, 3)];
    const counts = new Array(7).fill(0);
    for (const p of pts) counts[p[0]!]++;
    for (const c of counts) expect([14, 15]).toContain(c);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect([...latinHypercubeIndices([5, 5], 20, 1)]).toEqual([...latinHypercubeIndices([5, 5], 20, 1)]);
    expect([...latinHypercubeIndices([5, 5], 20, 1)]).not.toEqual([...latinHypercubeIndices([5, 5], 20, 2)]);
  });
});

describe('the random sampler', () => {
  it('draws indices inside each parameter\'s range, the same for the same seed', () => {
    const pts = [...randomIndices([4, 2], 1000, 9)];
    expect(pts.every((p) => p[0]! >= 0 && p[0]! < 4 && p[1]! >= 0 && p[1]! < 2)).toBe(true);
    expect(new Set(pts.map((p) => p.join())).size).toBe(8);
    expect([...randomIndices([4, 2], 50, 9)]).toEqual(pts.slice(0, 50));
  });
});
