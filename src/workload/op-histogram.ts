/**
 * Summaries of an op graph used by tests, docs and reports: how many ops of each kind (element-wise
 * ops split by function), and how many distinct ternary weights the matvecs touch (summary.ts has
 * the rest: bytes by dtype, MACs, K/V traffic).
 */

import type { Op } from './ops.js';

/** Histogram key of an op: its kind, or `elementwise.<fn>` for element-wise ops. */
export function opHistogramKey(op: Op): string {
  return op.kind === 'elementwise' ? `elementwise.${op.fn}` : op.kind;
}

/** Counts of ops per {@link opHistogramKey}, as a key-sorted plain object. */
export function opHistogram(ops: readonly Op[]): Record<string, number> {
  const m = new Map<string, number>();
  for (const op of ops) {
    const k = opHistogramKey(op);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}

/** Number of ternary weights touched: the sum of dIn·dOut over distinct ternary weight names (dense matvecs not counted). */
export function ternaryWeightCount(ops: readonly Op[]): number {
  const seen = new Map<string, number>();
  for (const op of ops) if (op.kind === 'matvec' && (op.weightDtype ?? 'ternary') === 'ternary') seen.set(op.weight, op.dIn * op.dOut);
  let n = 0;
  for (const v of seen.values()) n += v;
  return n;
}
