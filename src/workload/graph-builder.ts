/**
 * Appends ops in program order for the model builders (HGRN-Bit, Llama-style Transformers).
 * Every size given here is already the op's total (batch or rows included).
 */

import type { AttentionOp, ElementwiseFn, Op, WeightDtype } from './ops.js';

/** Op list under construction; each method returns the new op's id. */
export class OpGraphBuilder {
  readonly ops: Op[] = [];

  /** RMSNorm of `rows` vectors of `length` (gain included). */
  norm(id: string, layer: number, dep: string, length: number, rows: number): string {
    this.ops.push({ kind: 'rmsnorm', id, deps: [dep], layer, length, rows });
    return id;
  }

  /** Per-token absmax int8 quantization of `rows` vectors of `length`. */
  quantize(id: string, layer: number, dep: string, length: number, rows: number): string {
    this.ops.push({ kind: 'quantize', id, deps: [dep], layer, length, rows });
    return id;
  }

  /** `length` element-wise `fn` operations in all. */
  ew(id: string, layer: number, fn: ElementwiseFn, deps: string[], length: number): string {
    this.ops.push({ kind: 'elementwise', id, deps, layer, fn, length });
    return id;
  }

  /** A load or store of `bytes`. */
  transfer(kind: 'load' | 'store', id: string, layer: number, deps: string[], tensor: string, space: 'state' | 'activation' | 'embedding', bytes: number): string {
    this.ops.push({ kind, id, deps, layer, tensor, space, bytes });
    return id;
  }

  /** A matvec of `weight` (dOut × dIn) over `batch` tokens; `dtype` absent or 'ternary' leaves `weightDtype` out (canonical form). */
  matvec(id: string, layer: number, dep: string, weight: string, dIn: number, dOut: number, batch: number, zeroFraction: number, dtype: WeightDtype = 'ternary'): string {
    this.ops.push({
      kind: 'matvec',
      id,
      deps: [dep],
      layer,
      ...(dtype === 'ternary' ? {} : { weightDtype: dtype }),
      weight,
      dIn,
      dOut,
      batch,
      zeroFraction,
    });
    return id;
  }

  /** An attention op; `sequences` equal to `batch` is left out (canonical form). */
  attention(id: string, layer: number, deps: string[], a: Omit<AttentionOp, 'kind' | 'id' | 'deps' | 'layer' | 'sequences'> & { sequences: number }): string {
    const { sequences, ...rest } = a;
    this.ops.push({ kind: 'attention', id, deps, layer, ...rest, ...(sequences === rest.batch ? {} : { sequences }) });
    return id;
  }
}
