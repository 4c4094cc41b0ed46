/**
 * Bytes of weight matrices by number format, as the trace format states them (`weightBytes` of a
 * matvec line) and as reports and the GPU baseline count them. Every row is packed on its own:
 *
 * | dtype | bits per weight | bytes of a dOut × dIn matrix |
 * |---|---|---|
 * | `ternary` | 2 (four 2-bit codes per byte, the `2bit` packing of src/hw/packing.ts) | dOut · ⌈dIn / 4⌉ |
 * | `bf16`, `fp16` | 16 | 2 · dOut · dIn |
 * | `int8` | 8 | dOut · dIn |
 * | `int4` | 4 | dOut · ⌈dIn / 2⌉ |
 *
 * Per-tensor (ternary) or per-channel scales are a few scalars per matrix and are not counted.
 * An accelerator design may pack ternary weights otherwise (1.6-bit base-3, a zero bitmap); its
 * mapping computes its own bytes from dIn, dOut and zeroFraction (src/hw/packing.ts).
 */

import type { MatVecOp, WeightDtype } from './ops.js';

/** Bits per weight of each dtype under the trace format's stated packing. */
export const WEIGHT_BITS: Readonly<Record<WeightDtype, number>> = { ternary: 2, bf16: 16, fp16: 16, int8: 8, int4: 4 };

/** Bytes of one packed row of `dIn` weights of `dtype`: ⌈dIn · bits / 8⌉. */
export function weightRowBytes(dtype: WeightDtype, dIn: number): number {
  return Math.ceil((dIn * WEIGHT_BITS[dtype]) / 8);
}

/** Bytes of a dOut × dIn matrix of `dtype`, each row packed on its own (see the table above). */
export function matrixWeightBytes(dtype: WeightDtype, dIn: number, dOut: number): number {
  return dOut * weightRowBytes(dtype, dIn);
}

/** The dtype of a matvec's weights (absent means ternary). */
export function matvecDtype(op: MatVecOp): WeightDtype {
  return op.weightDtype ?? 'ternary';
}

/** The stated bytes of a matvec's weight matrix (the trace format's `weightBytes`). */
export function matvecWeightBytes(op: MatVecOp): number {
  return matrixWeightBytes(matvecDtype(op), op.dIn, op.dOut);
}

/** How a formula is described in an error message, for `weightBytes`. */
export function weightBytesRule(dtype: WeightDtype): string {
  switch (dtype) {
    case 'ternary':
      return 'dOut·⌈dIn/4⌉ for 2-bit packed ternary weights';
    case 'bf16':
    case 'fp16':
      return `2·dOut·dIn for ${dtype} weights`;
    case 'int8':
      return 'dOut·dIn for int8 weights';
    case 'int4':
      return 'dOut·⌈dIn/2⌉ for int4 weights';
  }
}
