/**
 * Structural checks of an op graph, shared by the builders (which must never emit a bad graph) and
 * the trace reader (which must reject one with the line that is wrong): ids unique, deps naming
 * earlier ops, layer indices in range, positive integer sizes, zero fractions in [0, 1), one shape
 * and dtype per weight name, attention shapes (kvHeads dividing heads, sequences dividing batch),
 * well-formed register operands, and consistent parameter counts.
 */

import { ConfigError, Found } from './config-error.js';
import { ELEMENTWISE_FNS, OP_KINDS, WEIGHT_DTYPES, type Op, type ParamCounts, type Workload, type WorkloadPhase } from './ops.js';

/** One problem found in a graph. `opIndex` is the op's position, or -1 for the workload's own fields. */
export interface GraphProblem {
  opIndex: number;
  /** Key path inside the op (or workload), e.g. `deps[1]`, `regs.src[0]`, `params.total`. */
  keyPath: string;
  expected: string;
  got: unknown;
}

/** Workload families (`Workload.family`). */
export const WORKLOAD_FAMILIES: readonly Workload['family'][] = ['hgrn_bit', 'bitnet', 'llama', 'trace'];

/** Workload phases (`Workload.phase`). */
export const WORKLOAD_PHASES: readonly WorkloadPhase[] = ['decode', 'prefill'];

/** Keys of {@link ParamCounts}, in the order they are written (trace format version 2). */
export const PARAM_COUNT_KEYS: readonly (keyof ParamCounts)[] = ['total', 'ternaryBlocks', 'ternaryHead', 'denseBlocks', 'denseHead', 'embedding', 'other'];

/** Keys of {@link ParamCounts} every workload's params must have (the others count as 0 when absent). */
export const REQUIRED_PARAM_COUNT_KEYS: readonly (keyof ParamCounts)[] = ['total', 'ternaryBlocks', 'ternaryHead', 'embedding', 'other'];

/** The sum of the parts of a parameter count (every key but `total`; absent ones count as 0). */
export function paramPartsSum(p: ParamCounts): number {
  return p.ternaryBlocks + p.ternaryHead + (p.denseBlocks ?? 0) + (p.denseHead ?? 0) + p.embedding + p.other;
}

/**
 * Incremental checker: feed ops in program order with {@link GraphChecker.add}; each call returns
 * the first problem of that op, or null. Lets the trace reader report the line at once.
 */
export class GraphChecker {
  private readonly ids = new Set<string>();
  private readonly weightShapes = new Map<string, { dIn: number; dOut: number; dtype: string }>();
  private count = 0;

  /** @param layers the workload's layer count; op layers must lie in [-1, layers - 1] */
  constructor(private readonly layers: number) {}

  /** Checks `op` against the ops added before it, then records it. */
  add(op: Op): GraphProblem | null {
    const index = this.count++;
    const p = (keyPath: string, expected: string, got: unknown): GraphProblem => ({ opIndex: index, keyPath, expected, got });

    if (typeof op.id !== 'string' || op.id.length === 0) return p('id', 'a non-empty string', op.id);
    if (this.ids.has(op.id)) return p('id', 'an id not used by an earlier op', op.id);
    if (!Array.isArray(op.deps)) return p('deps', 'an array of op ids', op.deps);
    const seen = new Set<string>();
    for (let i = 0; i < op.deps.length; i++) {
      const d = op.deps[i];
      if (typeof d !== 'string' || !this.ids.has(d)) return p(`deps[${i}]`, 'the id of an earlier op', d);
      if (seen.has(d)) return p(`deps[${i}]`, 'each dependency listed once', d);
      seen.add(d);
    }
    if (!Number.isSafeInteger(op.layer) || op.layer < -1 || op.layer >= this.layers) {
      return p('layer', `an integer from -1 to ${this.layers - 1}`, op.layer);
    }
    const kindProblem = this.checkKind(op, p);
    if (kindProblem) return kindProblem;
    if (op.regs !== undefined) {
      const r = op.regs;
      if (typeof r !== 'object' || r === null) return p('regs', 'an object { dst, src }', r);
      if (r.dst !== null && !isNonNegInt(r.dst)) return p('regs.dst', 'null or a register index (integer >= 0)', r.dst);
      if (!Array.isArray(r.src)) return p('regs.src', 'an array of register indices', r.src);
      for (let i = 0; i < r.src.length; i++) {
        if (!isNonNegInt(r.src[i])) return p(`regs.src[${i}]`, 'a register index (integer >= 0)', r.src[i]);
      }
    }
    this.ids.add(op.id);
    return null;
  }

  private checkKind(op: Op, p: (k: string, e: string, g: unknown) => GraphProblem): GraphProblem | null {
    switch (op.kind) {
      case 'matvec': {
        if (typeof op.weight !== 'string' || op.weight.length === 0) return p('weight', 'a non-empty string', op.weight);
        if (op.weightDtype !== undefined && !(WEIGHT_DTYPES as readonly unknown[]).includes(op.weightDtype)) {
          return p('weightDtype', `one of ${WEIGHT_DTYPES.join(', ')}`, op.weightDtype);
        }
        for (const k of ['dIn', 'dOut', 'batch'] as const) {
          if (!isPosInt(op[k])) return p(k, 'a positive integer', op[k]);
        }
        if (typeof op.zeroFraction !== 'number' || !(op.zeroFraction >= 0 && op.zeroFraction < 1)) {
          return p('zeroFraction', 'a number in [0, 1)', op.zeroFraction);
        }
        const dtype = op.weightDtype ?? 'ternary';
        const prev = this.weightShapes.get(op.weight);
        if (prev && (prev.dIn !== op.dIn || prev.dOut !== op.dOut)) {
          return p('dIn', `the shape ${prev.dOut}×${prev.dIn} (dOut×dIn) that weight ${op.weight} has earlier`, new Found(`${op.dOut}×${op.dIn}`));
        }
        if (prev && prev.dtype !== dtype) {
          return p('weightDtype', `${prev.dtype}, the dtype weight ${op.weight} has earlier`, dtype);
        }
        this.weightShapes.set(op.weight, { dIn: op.dIn, dOut: op.dOut, dtype });
        return null;
      }
      case 'elementwise':
        if (!(ELEMENTWISE_FNS as readonly string[]).includes(op.fn)) {
          return p('fn', `one of ${ELEMENTWISE_FNS.join(', ')}`, op.fn);
        }
        if (!isPosInt(op.length)) return p('length', 'a positive integer', op.length);
        return null;
      case 'rmsnorm':
      case 'quantize':
        if (!isPosInt(op.length)) return p('length', 'a positive integer', op.length);
        if (!isPosInt(op.rows)) return p('rows', 'a positive integer', op.rows);
        return null;
      case 'load':
      case 'store':
        if (typeof op.tensor !== 'string' || op.tensor.length === 0) return p('tensor', 'a non-empty string', op.tensor);
        if (!isPosInt(op.bytes)) return p('bytes', 'a positive integer', op.bytes);
        if (!['state', 'activation', 'embedding'].includes(op.space)) {
          return p('space', 'one of state, activation, embedding', op.space);
        }
        return null;
      case 'attention': {
        for (const k of ['heads', 'kvHeads', 'headDim', 'context', 'batch', 'kvBytesPerElement'] as const) {
          if (!isPosInt(op[k])) return p(k, 'a positive integer', op[k]);
        }
        if (op.heads % op.kvHeads !== 0) return p('kvHeads', `a divisor of heads (${op.heads})`, op.kvHeads);
        if (op.sequences !== undefined && (!isPosInt(op.sequences) || op.batch % op.sequences !== 0)) {
          return p('sequences', `a positive divisor of batch (${op.batch})`, op.sequences);
        }
        const q = op.batch / (op.sequences ?? op.batch);
        if (op.context < q) {
          return p('context', `at least the ${q} new tokens of each sequence (context counts them)`, op.context);
        }
        return null;
      }
      default:
        return p('kind', `one of ${OP_KINDS.join(', ')}`, (op as { kind: unknown }).kind);
    }
  }
}

/** First problem with a workload's own fields (not its ops), or null. */
export function findHeaderProblem(w: Omit<Workload, 'ops'>): GraphProblem | null {
  const p = (keyPath: string, expected: string, got: unknown): GraphProblem => ({ opIndex: -1, keyPath, expected, got });
  if (typeof w.model !== 'string' || w.model.length === 0) return p('model', 'a non-empty string', w.model);
  if (!WORKLOAD_FAMILIES.includes(w.family)) return p('family', `one of ${WORKLOAD_FAMILIES.join(', ')}`, w.family);
  if (!WORKLOAD_PHASES.includes(w.phase)) return p('phase', `one of ${WORKLOAD_PHASES.join(', ')}`, w.phase);
  if (!isPosInt(w.batch)) return p('batch', 'a positive integer', w.batch);
  if (w.sequences !== undefined) {
    if (!isPosInt(w.sequences) || w.batch % w.sequences !== 0) return p('sequences', `a positive divisor of batch (${w.batch})`, w.sequences);
    if (w.phase === 'decode' && w.sequences !== w.batch) return p('sequences', `${w.batch} (in decode every sequence adds one token: sequences = batch)`, w.sequences);
  }
  if (w.context !== undefined && !isNonNegInt(w.context)) return p('context', 'an integer >= 0', w.context);
  if (!isNonNegInt(w.layers)) return p('layers', 'an integer >= 0', w.layers);
  if (w.params !== null) {
    if (typeof w.params !== 'object' || Array.isArray(w.params)) return p('params', 'null or an object of parameter counts', w.params);
    for (const k of PARAM_COUNT_KEYS) {
      const v = w.params[k];
      if (v === undefined && !REQUIRED_PARAM_COUNT_KEYS.includes(k)) continue;
      if (!isNonNegInt(v)) return p(`params.${k}`, 'an integer >= 0', v);
    }
    const sum = paramPartsSum(w.params);
    if (w.params.total !== sum) {
      return p('params.total', `ternaryBlocks + ternaryHead + denseBlocks + denseHead + embedding + other = ${sum}`, w.params.total);
    }
  }
  return null;
}

/** First problem in a whole workload (its fields, then its ops in order), or null. */
export function findGraphProblem(w: Workload): GraphProblem | null {
  const h = findHeaderProblem(w);
  if (h) return h;
  const checker = new GraphChecker(w.layers);
  for (const op of w.ops) {
    const prob = checker.add(op);
    if (prob) return prob;
  }
  return null;
}

/** Throws a {@link ConfigError} (key path `ops[i].…`) for the first problem in `w`. */
export function checkWorkload(w: Workload): void {
  const prob = findGraphProblem(w);
  if (!prob) return;
  const where = prob.opIndex >= 0 ? `ops[${prob.opIndex}].${prob.keyPath}` : prob.keyPath;
  throw new ConfigError(where, prob.expected, prob.got);
}

function isPosInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function isNonNegInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
