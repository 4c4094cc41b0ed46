import { describe, it, expect } from 'vitest';
import { TimedValues } from '../../src/engine/timed-values.js';

describe('TimedValues', () => {
  it('gives the values due by a time, in order, and keeps the later ones', () => {
    const v = new TimedValues();
    v.push(10, 1);
    v.push(20, 2);
    v.push(20, 3);
    v.push(35, 4);
    const taken: number[] = [];
    v.takeUntil(20, (x) => taken.push(x));
    expect(taken).toEqual([1, 2, 3]);
    expect(v.size).toBe(1);
    expect([v.timeAt(0), v.valueAt(0)]).toEqual([35, 4]);
  });

  it('takes nothing before the first time, and is empty once all are taken', () => {
    const v = new TimedValues();
    v.push(5, 7);
    const taken: number[] = [];
    v.takeUntil(4, (x) => taken.push(x));
    expect(taken).toEqual([]);
    v.takeUntil(5, (x) => taken.push(x));
    expect(taken).toEqual([7]);
    expect(v.size).toBe(0);
    v.push(9, 8);
    expect([v.size, v.timeAt(0), v.valueAt(0)]).toEqual([1, 9, 8]);
  });
});
