import type { ElementwiseFn } from '../workload/ops.js';

/**
 * Pipeline latencies (cycles) of a vector/special-function unit's functions. `sqrt`/`rsqrt` are
 * used once per normalized row; `square` and `abs` by the reduction passes.
 */
export interface VectorLatencies {
  add: number;
  sub: number;
  mul: number;
  div: number;
  exp: number;
  sigmoid: number;
  silu: number;
  rsqrt: number;
}

/** How sigmoid/SiLU/exp are computed: a lookup table or a piecewise-linear approximation (a multiply-add per element). */
export type NonlinearImpl = 'lut' | 'pwl';

/** Configuration of a vector/special-function unit. */
export interface VectorUnitConfig {
  /** Elements processed per cycle. */
  lanes: number;
  latency: VectorLatencies;
  nonlinear: NonlinearImpl;
  /**
   * How RMSNorm scales by the root: `rsqrt-mul` (one reciprocal square root, then a multiply
   * pass) or `sqrt-div` (the paper's FPGA core: the squares are stored, reduced pairwise level by
   * level, then a square root and a division pass; see {@link rmsNormTiming}).
   */
  normScale: 'rsqrt-mul' | 'sqrt-div';
}

/** Timing of one op on the unit: cycles it occupies the unit, and cycles until its result is complete. */
export interface VectorOpTiming {
  occupancyCycles: number;
  latencyCycles: number;
  /** Action counts this op causes, by action name (e.g. `mul`, `sigmoid`, `add`). */
  actions: Record<string, number>;
}

/** Cycles of one streaming pass of `n` elements on `lanes` lanes. */
function passCycles(n: number, lanes: number): number {
  return Math.ceil(n / lanes);
}

/** Depth of a pairwise reduction tree over `n` partial results (0 for one). */
function treeDepth(n: number): number {
  return n <= 1 ? 0 : Math.ceil(Math.log2(n));
}

/**
 * Timing of `length` element-wise `fn` operations: a pipelined pass that accepts `lanes`
 * elements per cycle and delivers the last result `latency[fn] − 1` cycles after the last issue.
 */
export function elementwiseTiming(cfg: VectorUnitConfig, fn: ElementwiseFn, length: number): VectorOpTiming {
  const occ = passCycles(length, cfg.lanes);
  const actions: Record<string, number> = { [actionName(cfg, fn)]: length };
  return { occupancyCycles: occ, latencyCycles: occ + cfg.latency[fn] - 1, actions };
}

function actionName(cfg: VectorUnitConfig, fn: ElementwiseFn): string {
  if (fn === 'exp' || fn === 'sigmoid' || fn === 'silu') return `${fn}.${cfg.nonlinear}`;
  return fn;
}

/**
 * A row reduction followed by a scaling pass, for `rows` rows of `length`: a first pass over the
 * row (`firstPass` action per element, e.g. square or abs), a pairwise reduction tree over the
 * lanes' partial results (one add per level; the lanes accumulate serially before that), a
 * root/reciprocal step, and a second pass (`secondPass` action per element). Rows run back to back.
 */
function reduceAndScale(
  cfg: VectorUnitConfig,
  length: number,
  rows: number,
  firstPass: string,
  rootLatency: number,
  rootAction: string,
  secondPass: { action: string; latency: number },
): VectorOpTiming {
  const pass = passCycles(length, cfg.lanes);
  const partials = Math.min(cfg.lanes, length);
  const tree = treeDepth(partials) * cfg.latency.add;
  const perRow = pass + tree + rootLatency + pass + secondPass.latency - 1;
  const actions: Record<string, number> = {
    [firstPass]: length * rows,
    add: (length - 1) * rows,
    [rootAction]: rows,
    [secondPass.action]: length * rows,
  };
  return { occupancyCycles: perRow * rows, latencyCycles: perRow * rows, actions };
}

/**
 * Cycles of a pairwise reduction of `n` stored values done level by level, each level's pairs
 * added by `lanes` two-input adders one pair each per cycle: Σ over levels ⌈pairs / lanes⌉, which
 * is n − 1 cycles on one lane when n is a power of two.
 */
export function pairwiseLevelsCycles(n: number, lanes: number): number {
  let cycles = 0;
  for (let w = n; w > 1; w = Math.ceil(w / 2)) cycles += Math.ceil(Math.floor(w / 2) / lanes);
  return cycles;
}

/**
 * Timing of RMSNorm over `rows` rows of `length`: square pass, reduction, root, scale pass.
 *
 * `sqrt-div` is the paper core's norm unit (rtl/fus/rms.sv of the authors' RTL): a squaring pass
 * writes the squares into a buffer of pairs (one element per lane per cycle); the reduction then
 * reads one pair per cycle and writes back its mean, level by level until one value is left
 * ({@link pairwiseLevelsCycles}: length − 1 cycles on one lane), not a running sum kept during
 * the squaring pass; a square root (`latency.rsqrt`) and a division pass follow.
 */
export function rmsNormTiming(cfg: VectorUnitConfig, length: number, rows: number): VectorOpTiming {
  if (cfg.normScale === 'sqrt-div') {
    const pass = passCycles(length, cfg.lanes);
    const perRow = pass + pairwiseLevelsCycles(length, cfg.lanes) + cfg.latency.rsqrt + pass + cfg.latency.div - 1;
    const actions = { square: length * rows, add: (length - 1) * rows, sqrt: rows, div: length * rows };
    return { occupancyCycles: perRow * rows, latencyCycles: perRow * rows, actions };
  }
  return reduceAndScale(cfg, length, rows, 'square', cfg.latency.rsqrt, 'rsqrt', { action: 'mul', latency: cfg.latency.mul });
}

/**
 * Timing of absmax int8 quantization over `rows` rows of `length`: an |x| max-reduction pass,
 * one reciprocal (127 / max), and a scale-and-round pass (a multiply per element).
 */
export function quantizeTiming(cfg: VectorUnitConfig, length: number, rows: number): VectorOpTiming {
  const t = reduceAndScale(cfg, length, rows, 'abs', cfg.latency.div, 'div', { action: 'mul', latency: cfg.latency.mul });
  // The reduction is a max, not a sum: rename the tree's actions.
  t.actions['max'] = t.actions['add']!;
  delete t.actions['add'];
  return t;
}
