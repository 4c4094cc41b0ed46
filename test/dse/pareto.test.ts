import { describe, expect, it } from 'vitest';
import { crowdingDistance, dominates, nonDominatedRanks, paretoFront } from '../../src/dse/pareto.js';
import { nsga2 } from '../../src/dse/nsga2.js';

describe('Pareto dominance', () => {
  it('needs at least as good everywhere and better somewhere', () => {
    expect(dominates([2, 1], [1, 1], ['max', 'min'])).toBe(true);
    expect(dominates([1, 1], [1, 1], ['max', 'min'])).toBe(false);
    expect(dominates([2, 2], [1, 1], ['max', 'min'])).toBe(false);
  });

  it('finds the front of tokens/s (max) against W (min), keeping the dominated points flagged', () => {
    const pts = [
      [100, 10],
      [200, 20],
      [150, 25], // dominated by [200, 20]
      [50, 5],
      [50, 6], // dominated by [50, 5]
    ];
    expect(paretoFront(pts, ['max', 'min'])).toEqual([true, true, false, true, false]);
    expect(nonDominatedRanks(pts, ['max', 'min'])).toEqual([0, 0, 1, 0, 1]);
  });

  it('handles three objectives', () => {
    const pts = [
      [1, 1, 1],
      [2, 0, 1],
      [0, 0, 0],
    ];
    expect(paretoFront(pts, ['max', 'max', 'max'])).toEqual([true, true, false]);
  });

  it('gives the ends of a front infinite crowding distance', () => {
    const d = crowdingDistance([[0, 4], [1, 2], [2, 1], [4, 0]]);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo(2 / 4 + 3 / 4, 12);
  });
});

describe('NSGA-II', () => {
  // x, y, z in 0..20; minimise f1 = x and f2 = 20 − x + y + z: the true front is y = z = 0 (21 points of 9261).
  const sizes = [21, 21, 21];
  const f = (g: number[]) => [g[0]!, 20 - g[0]! + g[1]! + g[2]!];

  it('finds most of a known Pareto front, and only points on it', async () => {
    let evaluations = 0;
    const pop = await nsga2(sizes, ['min', 'min'], { population: 40, generations: 40, seed: 3 }, async (gs) => {
      evaluations += gs.length;
      return gs.map(f);
    });
    expect(evaluations).toBe(40 * 40);
    const front = pop.filter((_p, i) => paretoFront(pop.map((q) => q.objectives), ['min', 'min'])[i]);
    const optimal = new Set(front.filter((p) => p.genome[1] === 0 && p.genome[2] === 0).map((p) => p.genome[0]));
    expect(front.every((p) => p.genome[1] === 0 && p.genome[2] === 0)).toBe(true);
    expect(optimal.size).toBeGreaterThanOrEqual(17);
  });

  it('is deterministic for a seed', async () => {
    const run = () => nsga2(sizes, ['min', 'min'], { population: 12, generations: 5, seed: 11 }, async (gs) => gs.map(f));
    expect(await run()).toEqual(await run());
  });
});
