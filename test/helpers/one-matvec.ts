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
