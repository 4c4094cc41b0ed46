import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import { oneMatvec, tinyDesign } from '../helpers/tiny.js';

const tiny = (interconnect: string) => tinyDesign({ extra: interconnect });

describe('an on-chip bus between memory and cores', () => {
  it('costs a compute-bound matvec only the first crossing when wide enough: 16 B/cycle moves a 64 B request in 4 cycles, faster than the TAU eats it', () => {
    expect(simulate(tiny(''), oneMatvec, { mode: 'cycle' }).cycles).toBe(10 + 256 + 2 + 4);
    expect(simulate(tiny('interconnect: { bytesPerCycle: 16 }'), oneMatvec, { mode: 'cycle' }).cycles).toBe(10 + 4 + 256 + 2 + 4);
  });

  it('sets the pace when narrow: at 2 B/cycle each 64 B request holds the bus 32 cycles, back to back from cycle 10, so the 16th lands at 10 + 16 × 32', () => {
    const r = simulate(tiny('interconnect: { bytesPerCycle: 2 }'), oneMatvec, { mode: 'cycle' });
    // The last 64 B (256 weights) then take the 16-lane TAU 16 cycles, the pipeline drains 2, 64 results copy out in 4.
    expect(r.cycles).toBe(10 + 16 * 32 + 16 + 2 + 4);
    expect(r.actions['bus']!['bytes']).toBe(1024);
    expect(r.units['bus']!.busyFraction * r.cycles).toBe(16 * 32);
  });
});
