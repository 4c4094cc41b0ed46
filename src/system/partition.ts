import type { MatVecOp, Op, Workload } from '../workload/ops.js';

/** The ops of `workload` kept by `keep`, renumbered so that layer `firstLayer` becomes 0, as a workload of `layers` layers. */
function subWorkload(workload: Workload, ops: Op[], firstLayer: number, layers: number): Workload {
  const ids = new Set(ops.map((o) => o.id));
  return {
    ...workload,
    layers,
    params: null,
    ops: ops.map((o) => ({ ...o, layer: o.layer < 0 ? o.layer : o.layer - firstLayer, deps: o.deps.filter((d) => ids.has(d)) })),
  };
}

/** Weight-size proxy of each layer: its weights (dIn × dOut per distinct matrix), those outside the layers counted with the first layer (before) or the last (after), as the stages that run them. */
export function layerWeights(workload: Workload): number[] {
  const w = new Array<number>(workload.layers).fill(0);
  const seen = new Set<string>();
  const firstLayered = workload.ops.findIndex((o) => o.layer >= 0);
  workload.ops.forEach((op, i) => {
    if (op.kind !== 'matvec' || seen.has(op.weight)) return;
    seen.add(op.weight);
    w[op.layer >= 0 ? op.layer : i < firstLayered ? 0 : workload.layers - 1]! += op.dIn * op.dOut;
  });
  return w;
}

/**
 * Layers per stage for `stages` consecutive pipeline stages, balanced by weight: the split whose
 * heaviest stage is lightest (found by bisection on that maximum, each stage filled greedily),
 * every stage keeping at least one layer. The weights outside the layers count with the first or
 * the last layer (see `layerWeights`).
 */
export function balancedStages(workload: Workload, stages: number): number[] {
  const w = layerWeights(workload);
  const pack = (max: number): number[] | null => {
    const counts: number[] = [];
    let acc = 0;
    for (let l = 0; l < w.length; l++) {
      const left = w.length - l; // layers not yet placed, this one included
      const unopened = stages - counts.length; // stages after the current one
      if (counts.length > 0 && unopened > 0 && (acc + w[l]! > max || left <= unopened)) {
        counts.push(0);
        acc = 0;
      }
      if (counts.length === 0) counts.push(0);
      if (w[l]! > max) return null;
      counts[counts.length - 1]!++;
      acc += w[l]!;
      if (acc > max) return null;
    }
    return counts.length === stages ? counts : null;
  };
  let lo = Math.max(...w);
  let hi = w.reduce((a, b) => a + b, 0);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pack(mid)) hi = mid;
    else lo = mid + 1;
  }
  return pack(lo) ?? Array.from({ length: stages }, (_, i) => Math.floor(w.length / stages) + (i < w.length % stages ? 1 : 0));
}

/**
 * The workload of each pipeline stage: its layers' ops, the ops outside the layers that come
 * before the first layer (embedding) in stage 0 and those after the last (final norm, head) in the
 * last stage. One stage returns `workload` itself.
 */
export function pipelineStages(workload: Workload, layersPerStage: readonly number[]): Workload[] {
  if (layersPerStage.length === 1) return [workload];
  const firstLayered = workload.ops.findIndex((o) => o.layer >= 0);
  let first = 0;
  return layersPerStage.map((n, s) => {
    const last = s === layersPerStage.length - 1;
    const ops = workload.ops.filter((o, i) => (o.layer >= first && o.layer < first + n) || (o.layer < 0 && (s === 0 ? i < firstLayered : last && i > firstLayered)));
    const w = subWorkload(workload, ops, first, n);
    first += n;
    return w;
  });
}

/** Rows of a `dOut`-row matvec held by device `i` of `n`: as even as possible, the first `dOut mod n` one row more. */
export function rowShare(dOut: number, i: number, n: number): number {
  return Math.floor(dOut / n) + (i < dOut % n ? 1 : 0);
}

/** `op` with device `i` of `n`'s rows of each matvec; other ops are replicated. */
function shardOp(op: Op, i: number, n: number): Op {
  return op.kind === 'matvec' ? ({ ...op, weight: op.weight, dOut: rowShare(op.dOut, i, n) } satisfies MatVecOp) : op;
}

/**
 * The pieces a tensor-partitioned device runs in order: the ops before the layers, each layer, the
 * ops after the layers (empty pieces left out); each matvec holds the device's rows. `gatherElements`
 * is the number of output elements of the piece's matvecs the device computed (its shard of the
 * all-gather that follows the piece, per token).
 */
export function tensorPieces(workload: Workload, i: number, n: number): { workload: Workload; gatherElements: number }[] {
  const firstLayered = workload.ops.findIndex((o) => o.layer >= 0);
  const groups: Op[][] = [[], ...Array.from({ length: workload.layers }, () => [] as Op[]), []];
  workload.ops.forEach((o, k) => groups[o.layer >= 0 ? o.layer + 1 : k < firstLayered ? 0 : workload.layers + 1]!.push(shardOp(o, i, n)));
  return groups.flatMap((ops, g) => {
    if (ops.length === 0) return [];
    const layer = g - 1;
    const w = subWorkload(workload, ops, layer >= 0 && layer < workload.layers ? layer : 0, 1);
    const gatherElements = ops.reduce((a, o) => a + (o.kind === 'matvec' ? o.dOut : 0), 0);
    return [{ workload: w, gatherElements }];
  });
}

/** Device `i` of `n`'s whole tensor-partitioned workload (for its fit check). */
export function tensorShard(workload: Workload, i: number, n: number): Workload {
  return { ...workload, params: null, ops: workload.ops.map((o) => shardOp(o, i, n)) };
}

/** Input elements of the first matvec of `w` (the activation vector that enters a stage, per token). */
export function stageInputElements(w: Workload): number {
  const mv = w.ops.find((o): o is MatVecOp => o.kind === 'matvec');
  return mv ? mv.dIn : 0;
}
