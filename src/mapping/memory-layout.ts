import { packedMatrixBytes, weightFormat, type PackingFormat } from '../hw/packing.js';
import type { Op } from '../workload/ops.js';

/** Alignment of vectors in DRAM (a DRAM page of most standards). Weights are packed back to back so one stream covers them all. */
const ALIGN = 4096;

/** The layout name of an attention op's K/V cache. */
export function kvCacheTensor(attentionOpId: string): string {
  return `kv:${attentionOpId}`;
}

/** Where each tensor lives in off-chip memory. */
export interface MemoryLayout {
  /** Byte address of each tensor by name (weights by weight name; vectors by tensor name). */
  addr: Map<string, number>;
  /** Total bytes allocated. */
  totalBytes: number;
  /** Bytes of weights: ternary ones packed, dense ones in their dtype. */
  weightBytes: number;
}

/**
 * Places every distinct weight matrix (packed) back to back in order of first use from address 0,
 * then every DRAM-resident vector, each aligned to 4 KiB. Deterministic for a given op list and
 * packing format.
 */
export function layoutMemory(ops: Op[], packing: PackingFormat): MemoryLayout {
  const addr = new Map<string, number>();
  let next = 0;
  for (const op of ops) {
    if (op.kind !== 'matvec' || addr.has(op.weight)) continue;
    addr.set(op.weight, next);
    next += packedMatrixBytes(weightFormat(op.weightDtype, packing), op.dIn, op.dOut, op.zeroFraction);
  }
  const weightBytes = next;
  next = Math.ceil(next / ALIGN) * ALIGN;
  for (const op of ops) {
    if (op.kind === 'attention') {
      // This layer's K/V cache for every sequence, with room for the appended token.
      addr.set(kvCacheTensor(op.id), next);
      next += Math.ceil((2 * (op.context + 1) * op.kvHeads * op.headDim * op.kvBytesPerElement * op.batch) / ALIGN) * ALIGN;
      continue;
    }
    if ((op.kind !== 'load' && op.kind !== 'store') || addr.has(op.tensor)) continue;
    addr.set(op.tensor, next);
    next += Math.ceil(op.bytes / ALIGN) * ALIGN;
  }
  return { addr, totalBytes: next, weightBytes };
}
