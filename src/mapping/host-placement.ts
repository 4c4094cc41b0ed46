import type { AcceleratorDesign } from '../design/schema.js';
import type { Op } from '../workload/ops.js';

/** The host processor of a design, as parsed. */
export type HostProcessor = NonNullable<AcceleratorDesign['hostProcessor']>;

/** Whether `op` runs on the design's host processor: its id is one the host names, or starts with one and a dot. */
export function placedOnHost(op: Op, host: HostProcessor | undefined): boolean {
  if (!host) return false;
  return host.ops.some((id) => op.id === id || op.id.startsWith(`${id}.`));
}

/** What an op asks of a host processor: operations (a multiply-accumulate is 2) and weight bytes streamed. */
export function hostOpWork(op: Op, host: HostProcessor): { ops: number; bytes: number } {
  switch (op.kind) {
    case 'matvec':
      return { ops: 2 * op.dIn * op.dOut * op.batch, bytes: Math.ceil((op.dIn * op.dOut * host.weightBits) / 8) };
    case 'elementwise':
      return { ops: op.length, bytes: 0 };
    case 'rmsnorm':
    case 'quantize':
      // A pass to reduce (square or |x|, add) and one to scale: about 3 operations an element.
      return { ops: 3 * op.length * op.rows, bytes: 0 };
    case 'attention':
      return { ops: 4 * op.batch * op.heads * op.context * op.headDim, bytes: 2 * op.context * op.kvHeads * op.headDim * op.kvBytesPerElement * op.batch };
    case 'load':
    case 'store':
      return { ops: 0, bytes: op.bytes };
  }
}

/** Time (ps) the host takes for `op`: its dispatch latency, then its operations or its weight stream, whichever is longer. */
export function hostOpPs(op: Op, host: HostProcessor): number {
  const { ops, bytes } = hostOpWork(op, host);
  return Math.round(host.dispatchLatency + Math.max(ops / host.opsRate, bytes / host.bandwidth) * 1e12);
}
