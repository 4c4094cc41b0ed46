/**
 * A workload in numbers, for `ternsim trace inspect`, reports and cross-checks: op counts by kind
 * (element-wise ops by function), distinct weights and their bytes by dtype (under the trace
 * format's stated packing, weights.ts), accumulates of ternary matvecs, MACs of dense ones and of
 * attention, K/V cache traffic per step (attention-cost.ts), element counts of the vector work and
 * bytes of loads and stores.
 */

import { attentionCost } from './attention-cost.js';
import { opHistogram } from './op-histogram.js';
import { workloadIdentity, type Op, type ParamCounts, type WeightDtype, type Workload } from './ops.js';
import { matvecDtype, matvecWeightBytes } from './weights.js';

/** Distinct weight matrices of one dtype. */
export interface DtypeWeights {
  matrices: number;
  weights: number;
  bytes: number;
}

/** See the module comment. Every count is for one step (decode or prefill) of the whole model. */
export interface WorkloadSummary {
  model: string;
  family: Workload['family'];
  phase: Workload['phase'];
  batch: number;
  sequences: number;
  context: number;
  layers: number;
  ops: number;
  /** Ops per opHistogramKey (kind, or `elementwise.<fn>`), key-sorted. */
  opsByKind: Record<string, number>;
  /** Distinct weight matrices by dtype (dtypes that occur only). */
  weightsByDtype: Partial<Record<WeightDtype, DtypeWeights>>;
  /** Bytes of all distinct weight matrices (stated packing: ternary 2 bits). */
  weightBytes: number;
  /** Σ dIn·dOut·batch over ternary matvecs: sign-select accumulates, zeros included. */
  ternaryAccumulates: number;
  /** The same weighted by (1 − zeroFraction): accumulates a zero-skipping array performs. */
  ternaryNonZeroAccumulates: number;
  /** Σ dIn·dOut·batch over dense (non-ternary) matvecs. */
  denseMacs: number;
  /** Attention over all layers: scores, MACs, K/V read/write bytes this step, K/V cache after it. */
  attention: { ops: number; scores: number; macs: number; kvReadBytes: number; kvWriteBytes: number; kvCacheBytes: number };
  /** Σ length of element-wise ops. */
  elementwiseElements: number;
  /** Σ length·rows of RMSNorms and of quantizations. */
  normElements: number;
  quantizeElements: number;
  /** Bytes of loads and stores by space. */
  transferBytes: Record<'load' | 'store', Record<'state' | 'activation' | 'embedding', number>>;
  params: ParamCounts | null;
}

/** The summary of a workload (see {@link WorkloadSummary}). */
export function summarizeWorkload(w: Workload): WorkloadSummary {
  const weights = new Map<string, { dtype: WeightDtype; n: number; bytes: number }>();
  const s: WorkloadSummary = {
    ...workloadIdentity(w),
    opsByKind: opHistogram(w.ops),
    weightsByDtype: {},
    weightBytes: 0,
    ternaryAccumulates: 0,
    ternaryNonZeroAccumulates: 0,
    denseMacs: 0,
    attention: { ops: 0, scores: 0, macs: 0, kvReadBytes: 0, kvWriteBytes: 0, kvCacheBytes: 0 },
    elementwiseElements: 0,
    normElements: 0,
    quantizeElements: 0,
    transferBytes: { load: { state: 0, activation: 0, embedding: 0 }, store: { state: 0, activation: 0, embedding: 0 } },
    params: w.params,
  };
  for (const op of w.ops as Op[]) {
    switch (op.kind) {
      case 'matvec': {
        const dtype = matvecDtype(op);
        const work = op.dIn * op.dOut * op.batch;
        if (dtype === 'ternary') {
          s.ternaryAccumulates += work;
          s.ternaryNonZeroAccumulates += work * (1 - op.zeroFraction);
        } else {
          s.denseMacs += work;
        }
        if (!weights.has(op.weight)) weights.set(op.weight, { dtype, n: op.dIn * op.dOut, bytes: matvecWeightBytes(op) });
        break;
      }
      case 'attention': {
        const c = attentionCost(op);
        const a = s.attention;
        a.ops++;
        a.scores += c.scores;
        a.macs += c.macs;
        a.kvReadBytes += c.kvReadBytes;
        a.kvWriteBytes += c.kvWriteBytes;
        a.kvCacheBytes += c.kvCacheBytes;
        break;
      }
      case 'elementwise':
        s.elementwiseElements += op.length;
        break;
      case 'rmsnorm':
        s.normElements += op.length * op.rows;
        break;
      case 'quantize':
        s.quantizeElements += op.length * op.rows;
        break;
      case 'load':
      case 'store':
        s.transferBytes[op.kind][op.space] += op.bytes;
        break;
    }
  }
  for (const { dtype, n, bytes } of weights.values()) {
    const e = (s.weightsByDtype[dtype] ??= { matrices: 0, weights: 0, bytes: 0 });
    e.matrices++;
    e.weights += n;
    e.bytes += bytes;
    s.weightBytes += bytes;
  }
  return s;
}

/** Op histogram of each decoder layer and of the ops outside them (`layer` −1), as `{ "-1": …, "0": …, … }`. */
export function histogramByLayer(w: Workload): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (let l = -1; l < w.layers; l++) out[String(l)] = opHistogram(w.ops.filter((o) => o.layer === l));
  return out;
}
