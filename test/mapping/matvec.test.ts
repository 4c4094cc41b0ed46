import { describe, it, expect } from 'vitest';
import { parseDesign } from '../../src/design/parse-design.js';
import { simulate } from '../../src/sim/simulate.js';
import type { Workload } from '../../src/workload/ops.js';

/** A small test design: 16-lane TAU, ideal memory of `latency` cycles, 64-byte requests. */
function design(latency: number, maxOutstanding: number): string {
  return `
name: tiny
kind: accelerator
target: { type: asic }
clock: 1 GHz
issue: { policy: in-order }
memory: { type: ideal, latencyCycles: ${latency} }
weightStream:
  requestBytes: 64
  maxOutstanding: ${maxOutstanding}
  reissueCycles: 0
  buffer: { capacity: 1 KiB, banks: 4, widthBits: 64, latencyCycles: 0, mode: fifo }
transfer: { requestBytes: 64, maxOutstanding: 1 }
activationSram: { capacity: 64 KiB, banks: 1, widthBits: 64, latencyCycles: 1 }
tau: { lanes: 16, weightsPerLane: 1, accumulatorBits: 16, accumulators: 64, pipelineDepth: 2, copyOutPerCycle: 16, packing: 2bit }
vector: { lanes: 16, latency: { add: 1, sub: 1, mul: 1, div: 1, exp: 1, sigmoid: 1, silu: 1, rsqrt: 1 } }
power: { node: 28 nm }
`;
}

const oneMatvec: Workload = {
  model: 'matvec-64x64',
  family: 'trace',
  phase: 'decode',
  batch: 1,
  layers: 1,
  params: null,
  ops: [{ kind: 'matvec', id: 'm', deps: [], layer: 0, weight: 'W', dIn: 64, dOut: 64, batch: 1, zeroFraction: 0 }],
};

describe('a 64×64 ternary matvec on a 16-lane TAU, cycle by cycle', () => {
  // 64×64 weights at 2 bits = 1024 bytes = 16 requests of 64 B; each 64 B holds 256 weights =
  // 16 cycles of the 16-lane array; then a 2-stage pipeline drains and 64 results copy out at 16/cycle.
  it('is compute-bound with 4 requests in flight: first data at cycle 10, then 256 cycles of accumulation', () => {
    const r = simulate(parseDesign(design(10, 4), 'tiny.yaml'), oneMatvec, { mode: 'cycle' });
    expect(r.cycles).toBe(10 + 256 + 2 + 4);
    expect(r.boundBy).toBe('compute');
  });

  it('is latency-bound with one request in flight: 16 round trips of 20 cycles, then the last chunk', () => {
    const r = simulate(parseDesign(design(20, 1), 'tiny.yaml'), oneMatvec, { mode: 'cycle' });
    expect(r.cycles).toBe(16 * 20 + 16 + 2 + 4);
    expect(r.boundBy).toBe('dram-latency');
    expect(r.actions['tau']!['acc']).toBe(64 * 64);
  });
});
