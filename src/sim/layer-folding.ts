import type { Op, Workload } from '../workload/ops.js';

/** A workload with its repeated decoder layers folded to a few, and how to unfold the result. */
export interface FoldedWorkload {
  workload: Workload;
  /** Layers simulated (0 .. keptLayers−1). */
  keptLayers: number;
  /** The last `steadyLayers` kept layers are identical; their average is the per-layer time. */
  steadyLayers: number;
  /** Identical layers not simulated: each is accounted for as one more copy of the last kept layer. */
  foldedLayers: number;
}

/**
 * The first layer from which all layers must be identical for folding. Layer 0 may differ (no
 * forget-gate lower bound in HGRN), and layer 1 then differs in how it reads layer 0.
 */
const MAX_STEADY_START = 2;

/** Everything about an op except its id, with deps written as (layer offset, position in that layer). */
function opSignature(op: Op, position: Map<string, { layer: number; pos: number }>): string {
  const { id: _id, deps, layer, ...rest } = op;
  void _id;
  const depSig = deps.map((d) => {
    const p = position.get(d)!;
    return p.layer < 0 ? `pre${p.pos}` : `${layer - p.layer}:${p.pos}`;
  });
  return JSON.stringify({ ...rest, weight: undefined, tensor: undefined, deps: depSig });
}

/** A workload's ops by decoder layer, and the first layer from which every layer is identical. */
interface LayerStructure {
  pre: Op[];
  post: Op[];
  perLayer: Op[][];
  /** First layer from which all layers are identical (w.layers − 1 when none repeat). */
  steadyFrom: number;
}

/** Layer structures computed so far (workloads are immutable; a sweep folds the same one many times). */
const structures = new WeakMap<Workload, LayerStructure | null>();

/** The workload's layer structure, or null when its ops are not pre-block, blocks, post-block. */
function layerStructure(w: Workload): LayerStructure | null {
  if (structures.has(w)) return structures.get(w)!;
  const position = new Map<string, { layer: number; pos: number }>();
  const perLayer: Op[][] = Array.from({ length: w.layers }, () => []);
  const pre: Op[] = [];
  const post: Op[] = [];
  let seenBlock = false;
  let structure: LayerStructure | null = null;
  shape: {
    for (const op of w.ops) {
      if (op.layer < 0) {
        const list = seenBlock ? post : pre;
        position.set(op.id, { layer: -1, pos: pre.length + post.length });
        list.push(op);
        continue;
      }
      if (op.layer >= w.layers) break shape;
      seenBlock = true;
      if (post.length > 0) break shape; // block ops after post-block ops: not the usual shape
      position.set(op.id, { layer: op.layer, pos: perLayer[op.layer]!.length });
      perLayer[op.layer]!.push(op);
    }
    const sigs = perLayer.map((ops) => ops.map((op) => opSignature(op, position)).join('\n'));
    // The first layer s from which every layer is identical.
    let steadyFrom = w.layers - 1;
    while (steadyFrom > 0 && sigs[steadyFrom - 1] === sigs[w.layers - 1]) steadyFrom--;
    structure = { pre, post, perLayer, steadyFrom };
  }
  structures.set(w, structure);
  return structure;
}

/**
 * Folds layers KEPT_LAYERS..L−1 of a workload whose layers 1..L−1 are identical (same ops, shapes
 * and dependency pattern; weights and tensors differ only by name). Ops after the blocks that read
 * the last layer read the last kept layer instead. Returns null when the workload cannot be
 * folded (too few layers, or layers that differ), in which case it is simulated whole.
 */
export function foldLayers(w: Workload, steadyLayers: number): FoldedWorkload | null {
  let byLayers = folds.get(w);
  if (!byLayers) folds.set(w, (byLayers = new Map()));
  let folded = byLayers.get(steadyLayers);
  if (folded === undefined) byLayers.set(steadyLayers, (folded = foldOnce(w, steadyLayers)));
  return folded;
}

/** Folds computed so far, by workload and steady layers (a sweep folds the same workload at every point). */
const folds = new WeakMap<Workload, Map<number, FoldedWorkload | null>>();

function foldOnce(w: Workload, steadyLayers: number): FoldedWorkload | null {
  const structure = layerStructure(w);
  if (!structure) return null;
  const { pre, post, perLayer, steadyFrom: s } = structure;
  if (s > MAX_STEADY_START) return null;
  // Fold when the steady layers are kept and more follow.
  const KEPT_LAYERS = s + 1 + steadyLayers;
  if (w.layers <= KEPT_LAYERS) return null;
  const last = KEPT_LAYERS - 1;
  const rename = new Map<string, string>();
  for (let pos = 0; pos < perLayer[w.layers - 1]!.length; pos++) rename.set(perLayer[w.layers - 1]![pos]!.id, perLayer[last]![pos]!.id);
  const kept = [...pre, ...perLayer.slice(0, KEPT_LAYERS).flat(), ...post.map((op) => ({ ...op, deps: op.deps.map((d) => rename.get(d) ?? d) }))];
  const keptIds = new Set(kept.map((op) => op.id));
  if (!kept.every((op) => op.deps.every((d) => keptIds.has(d)))) return null; // reads a folded layer other than the last
  return { workload: { ...w, ops: kept, layers: KEPT_LAYERS }, keptLayers: KEPT_LAYERS, steadyLayers, foldedLayers: w.layers - KEPT_LAYERS };
}

/**
 * Layers after which a double-buffered weight stream meets its buffer at the same phase again: the
 * smallest p ≤ `maxLayers` for which p layers' weights fill a whole number of buffer halves, to
 * within `maxDrift` of a half. A layer's time depends on where its op boundaries fall against the
 * halves (a pause at an op boundary leaves the stream idle once the free half is full, and how
 * full it already is depends on the phase), so layers take a pattern of times that repeats every
 * p layers; steady layers that span whole periods average it, fewer do not (e.g. mmfree-370m on a
 * 2-channel U280 variant: 4.9 halves per layer, so every 10th or 11th layer crosses one fewer
 * half boundary and is 18% faster). Null when no period that short exists.
 */
export function bufferPhasePeriod(layerBytes: number, halfBytes: number, maxLayers: number, maxDrift: number): number | null {
  if (!(halfBytes > 0) || !(layerBytes > 0)) return null;
  for (let p = 1; p <= maxLayers; p++) {
    const halves = (p * layerBytes) / halfBytes;
    if (Math.abs(halves - Math.round(halves)) <= maxDrift) return p;
  }
  return null;
}

/**
 * Whether the steady layers of a folded run stand for the folded ones: the time of every group of
 * `period` consecutive steady layers (one buffer-phase period, see bufferPhasePeriod; 1 when the
 * buffer sets no pattern) within `tolerance` of their mean. Layers that meet the memory's refresh
 * stalls at a different phase each take different times (±5% on the U280's HBM), and the average
 * of a few such layers is not the average of all: such a step is simulated layer by layer instead.
 * A single period has nothing to compare with and stands as it is.
 */
export function steadyLayersAgree(steadyLayerPs: readonly number[], tolerance: number, period = 1): boolean {
  if (steadyLayerPs.length === 0 || steadyLayerPs.length % period !== 0) return false;
  const groups: number[] = [];
  for (let i = 0; i < steadyLayerPs.length; i += period) groups.push(steadyLayerPs.slice(i, i + period).reduce((s, t) => s + t, 0));
  const mean = groups.reduce((s, t) => s + t, 0) / groups.length;
  return mean > 0 && groups.every((t) => Math.abs(t / mean - 1) <= tolerance);
}

/**
 * Which of `steady` consecutive layers (0 … steady − 1) meets the double buffer at the phase
 * nearest to layer `k` (counted from the same first layer), each layer's weights spanning
 * `layerHalves` halves: layer k starts k × layerHalves halves into the stream, and its op
 * boundaries fall against the halves as those of the layer with the nearest fractional part do.
 * Ties go to the earlier layer.
 */
export function nearestPhaseLayer(k: number, steady: number, layerHalves: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let q = 0; q < steady; q++) {
    const x = (k - q) * layerHalves;
    const d = Math.abs(x - Math.round(x));
    if (d < bestDistance - 1e-12) {
      best = q;
      bestDistance = d;
    }
  }
  return best;
}
