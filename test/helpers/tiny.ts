import { parseDesign } from '../../src/design/parse-design.js';
import type { AcceleratorDesign } from '../../src/design/schema.js';
import type { Workload } from '../../src/workload/ops.js';

/** One 64×64 ternary matvec at batch 1 with no zeros: the smallest workload with hand-derivable cycle counts. */
export const oneMatvec: Workload = {
  model: 'matvec-64x64',
  family: 'trace',
  phase: 'decode',
  batch: 1,
  layers: 1,
  params: null,
  ops: [{ kind: 'matvec', id: 'm', deps: [], layer: 0, weight: 'W', dIn: 64, dOut: 64, batch: 1, zeroFraction: 0 }],
};

/**
 * The small design the hand-derived cycle counts use: a 16-lane, one-weight-per-lane TAU at 1 GHz
 * behind an ideal memory of `latency` cycles, 64-byte weight requests (`maxOutstanding` in flight),
 * a 1 KiB FIFO, a 2-stage pipeline and 16 results copied out a cycle; `extra` adds top-level YAML
 * (e.g. `cores:` or `interconnect:`).
 */
export function tinyDesign(opts: { latency?: number; maxOutstanding?: number; extra?: string } = {}): AcceleratorDesign {
  const { latency = 10, maxOutstanding = 4, extra = '' } = opts;
  return parseDesign(
    `
name: tiny
kind: accelerator
target: { type: asic }
clock: 1 GHz
issue: { policy: in-order }
memory: { type: ideal, latencyCycles: ${latency} }
weightStream: { requestBytes: 64, maxOutstanding: ${maxOutstanding}, reissueCycles: 0, buffer: { capacity: 1 KiB, banks: 4, widthBits: 64, latencyCycles: 0, mode: fifo } }
transfer: { requestBytes: 64, maxOutstanding: 1 }
activationSram: { capacity: 64 KiB, banks: 1, widthBits: 64, latencyCycles: 1 }
tau: { lanes: 16, weightsPerLane: 1, accumulatorBits: 16, accumulators: 64, pipelineDepth: 2, copyOutPerCycle: 16, packing: 2bit }
vector: { lanes: 16, latency: { add: 1, sub: 1, mul: 1, div: 1, exp: 1, sigmoid: 1, silu: 1, rsqrt: 1 } }
power: { node: 28 nm }
${extra}
`,
    'tiny.yaml',
  );
}
