import { describe, it, expect } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import type { Workload } from '../../src/workload/ops.js';
import { oneMatvec, tinyDesign } from '../helpers/tiny.js';

describe('a 64×64 ternary matvec on a 16-lane TAU, cycle by cycle', () => {
  // 64×64 weights at 2 bits = 1024 bytes = 16 requests of 64 B; each 64 B holds 256 weights =
  // 16 cycles of the 16-lane array; then a 2-stage pipeline drains and 64 results copy out at 16/cycle.
  it('is compute-bound with 4 requests in flight: first data at cycle 10, then 256 cycles of accumulation', () => {
    const r = simulate(tinyDesign({ latency: 10, maxOutstanding: 4 }), oneMatvec, { mode: 'cycle' });
    expect(r.cycles).toBe(10 + 256 + 2 + 4);
    expect(r.boundBy).toBe('compute');
  });

  it('is latency-bound with one request in flight: 16 round trips of 20 cycles, then the last chunk', () => {
    const r = simulate(tinyDesign({ latency: 20, maxOutstanding: 1 }), oneMatvec, { mode: 'cycle' });
    expect(r.cycles).toBe(16 * 20 + 16 + 2 + 4);
    expect(r.boundBy).toBe('dram-latency');
    expect(r.actions['tau']!['acc']).toBe(64 * 64);
  });
});

describe('a 64×64 bf16 matvec (a non-ternary layer) on the 16 vector lanes as multiply-accumulators', () => {
  const dense: Workload = { ...oneMatvec, ops: [{ ...(oneMatvec.ops[0] as Extract<Workload['ops'][number], { kind: 'matvec' }>), weightDtype: 'bf16' }] };
  // 64×64 weights at 16 bits = 8192 bytes = 128 requests of 64 B; each 64 B holds 32 weights = 2
  // cycles of 16 MACs. Four requests in flight, one issued a cycle, each back 10 cycles later:
  // request 4m + j arrives at cycle 10(m + 1) + j, so the stream (25.6 B/cycle) is slower than the
  // MACs (32 B/cycle) and sets the pace. The last round arrives at 320–323; the lanes work it off
  // in steps of what has arrived: 64 B at 320 (2 cycles), 128 B at 322 (4), 64 B at 326 (2) → 328;
  // the multiply + add pipeline drains (1 + 1) → 330; 64 results copy out at 16 a cycle → 334.
  it('streams 8 KiB of weights and runs 4096 MACs on the vector unit, paced by the stream: 334 cycles', () => {
    const r = simulate(tinyDesign({ latency: 10, maxOutstanding: 4 }), dense, { mode: 'cycle' });
    expect(r.memory.weightBytes).toBe(64 * 64 * 2);
    expect(r.actions['denseMac']!['acc']).toBe(64 * 64);
    expect(r.actions['tau']?.['acc'] ?? 0).toBe(0);
    expect(r.cycles).toBe(320 + 2 + 4 + 2 + 2 + 4);
  });
});
