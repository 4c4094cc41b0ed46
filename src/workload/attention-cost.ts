/**
 * What one attention op costs, defined once so that accelerator mappings, the GPU baseline,
 * reports and `ternsim trace inspect` agree. See {@link AttentionOp} for the op's meaning.
 *
 * With S = sequences (default batch), q = batch / S queries per sequence, C = context:
 * - query j (0-based) of a sequence attends C − q + 1 + j positions (causal; decode: q = 1 → C);
 * - scores = heads · S · (q·C − q(q−1)/2); one exp and one divide per score (softmax);
 * - MACs = 2 · headDim · scores (q·Kᵀ and Σ p·V);
 * - K/V read = 2 · C · kvHeads · headDim · kvBytesPerElement · S: each sequence's cache, C
 *   positions including the new ones, is read once (ideal reuse across the q queries; a kernel
 *   that tiles the queries re-reads it once per query tile);
 * - K/V write = 2 · q · kvHeads · headDim · kvBytesPerElement · S: the new tokens' K and V;
 * - K/V cache after the step = 2 · C · kvHeads · headDim · kvBytesPerElement · S.
 * For decode (sequences absent) these equal the formulas of src/mapping/compile.ts.
 */

import type { AttentionOp } from './ops.js';

/** The cost of one attention op. */
export interface AttentionCost {
  /** Sequences (each with its own K/V cache). */
  sequences: number;
  /** Query tokens per sequence. */
  queriesPerSequence: number;
  /** Query·key scores, all heads (= exps = softmax divides). */
  scores: number;
  /** Multiply-accumulates of q·Kᵀ and Σ p·V. */
  macs: number;
  /** Bytes of K and V read from the cache. */
  kvReadBytes: number;
  /** Bytes of the new tokens' K and V written to the cache. */
  kvWriteBytes: number;
  /** Bytes of the K/V cache of this layer after the step. */
  kvCacheBytes: number;
}

/** The cost of `op` (see the module comment for the formulas). */
export function attentionCost(op: AttentionOp): AttentionCost {
  const sequences = op.sequences ?? op.batch;
  const q = op.batch / sequences;
  const attended = q * op.context - (q * (q - 1)) / 2;
  const scores = op.heads * sequences * attended;
  const perPosition = 2 * op.kvHeads * op.headDim * op.kvBytesPerElement;
  return {
    sequences,
    queriesPerSequence: q,
    scores,
    macs: 2 * op.headDim * scores,
    kvReadBytes: perPosition * op.context * sequences,
    kvWriteBytes: perPosition * q * sequences,
    kvCacheBytes: perPosition * op.context * sequences,
  };
}
