import type { GpuDesign } from '../design/gpu-schema.js';
import { packedMatrixBytes, weightFormat } from '../hw/packing.js';
import { attentionCost } from '../workload/attention-cost.js';
import type { MatVecOp, Op, Workload } from '../workload/ops.js';

/** One GPU kernel of a step: the bytes it moves through device memory and the operations it does. */
export interface Kernel {
  /** The op(s) it implements. */
  name: string;
  /** What limits it when it is large: `gemm` runs on the tensor cores, the rest on the SIMT units. */
  kind: 'gemm' | 'attention' | 'elementwise' | 'copy';
  bytes: number;
  /** Multiply-adds count as two operations. */
  ops: number;
  /** Kernels this entry stands for (an unfused op is several PyTorch kernels). */
  launches: number;
  /** Token rows the kernel works on (a GEMM's M). */
  rows: number;
  /** Elements a GEMM writes (rows × output columns); 0 for the other kernels. */
  outputs: number;
  /**
   * (Query token, head) pairs an attention kernel works on in parallel (decode: one query per
   * sequence); 1 for the other kernels.
   */
  pairs: number;
}

/** Bytes per activation element on the GPU (bf16). */
const ACT_BYTES = 2;

/**
 * PyTorch kernels one op takes when element-wise work is not fused, as the baseline is written
 * (tools/gpu/measure.py): RMSNorm = float cast, square, mean, rsqrt, scale, cast-and-gain
 * (6); a RoPE multiply = the cos product, the half rotation (chunk + negate + cat: 2) and the sin
 * product (4); attention = two K/V cache writes, SDPA and the head transpose copy (4); the
 * embedding gather, activations and adds one each.
 */
function unfusedLaunches(op: Op): number {
  switch (op.kind) {
    case 'rmsnorm':
      return 6;
    case 'quantize':
      return 4;
    case 'attention':
      return 4;
    case 'elementwise':
      return /\.rope\.[qk]\.mul$/.test(op.id) ? 4 : 1;
    default:
      return 1;
  }
}

/**
 * The kernels of one step of `workload` on `gpu`, in program order. Matvecs become GEMMs reading
 * their weights once for the whole batch (with `fuseGemms`, matvecs of one input — Q/K/V, gate/up —
 * are one GEMM); attention reads the K/V cache; element-wise ops read and write their vectors, an
 * unfused op once per kernel it takes.
 */
export function stepKernels(workload: Workload, gpu: GpuDesign): Kernel[] {
  const fuseGemms = gpu.implementation.fuseGemms;
  const fuseElementwise = gpu.implementation.fuseElementwise;
  const kernels: Kernel[] = [];
  const gemmOf = new Map<string, Kernel>();
  for (const op of workload.ops) {
    switch (op.kind) {
      case 'matvec': {
        const bytes = gemmBytes(op);
        const key = `${op.deps.join(',')}|${op.dIn}|${op.batch}`;
        const fused = fuseGemms ? gemmOf.get(key) : undefined;
        if (fused) {
          fused.name += `+${op.id}`;
          fused.bytes += bytes - op.batch * op.dIn * ACT_BYTES; // the input is read once
          fused.ops += 2 * op.dIn * op.dOut * op.batch;
          fused.outputs += op.dOut * op.batch;
          break;
        }
        const k: Kernel = { name: op.id, kind: 'gemm', bytes, ops: 2 * op.dIn * op.dOut * op.batch, launches: 1, rows: op.batch, outputs: op.dOut * op.batch, pairs: 1 };
        gemmOf.set(key, k);
        kernels.push(k);
        break;
      }
      case 'attention': {
        const c = attentionCost(op);
        const qo = 2 * op.batch * op.heads * op.headDim * ACT_BYTES;
        // Every query token's heads are independent work items (decode: one query per sequence).
        const pairs = op.batch * op.heads;
        kernels.push({ name: op.id, kind: 'attention', bytes: c.kvReadBytes + c.kvWriteBytes + qo, ops: 2 * c.macs, launches: fuseElementwise ? 2 : unfusedLaunches(op), rows: op.batch, outputs: 0, pairs });
        break;
      }
      case 'elementwise': {
        const launches = fuseElementwise ? 1 : unfusedLaunches(op);
        kernels.push({ name: op.id, kind: 'elementwise', bytes: launches * 3 * op.length * ACT_BYTES, ops: op.length, launches, rows: 1, outputs: 0, pairs: 1 });
        break;
      }
      case 'rmsnorm':
      case 'quantize': {
        const launches = fuseElementwise ? 1 : unfusedLaunches(op);
        kernels.push({ name: op.id, kind: 'elementwise', bytes: launches * 2 * op.length * op.rows * ACT_BYTES, ops: 4 * op.length * op.rows, launches, rows: op.rows, outputs: 0, pairs: 1 });
        break;
      }
      case 'load':
      case 'store':
        kernels.push({ name: op.id, kind: 'copy', bytes: 2 * op.bytes, ops: 0, launches: 1, rows: 1, outputs: 0, pairs: 1 });
        break;
    }
  }
  return kernels;
}

/**
 * Bytes a GEMM of one matvec moves: its weights once (in their dtype; ternary ones as the 2-bit
 * codes of a W2A8 kernel), its input and output vectors for the batch.
 */
function gemmBytes(op: MatVecOp): number {
  return packedMatrixBytes(weightFormat(op.weightDtype, '2bit'), op.dIn, op.dOut) + op.batch * (op.dIn + op.dOut) * ACT_BYTES;
}
