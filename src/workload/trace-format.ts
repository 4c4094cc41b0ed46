/**
 * The ternsim trace format: JSON Lines. Line 1 is a header object, then one op per line, exactly as
 * the {@link Op} types (see docs/trace-format.md). Version 2 (written) adds to version 1 (still
 * read): the header's `sequences` and `context`, dense parameter counts, each matvec's
 * `weightDtype` and `weightBytes` (under the stated packing, src/workload/weights.ts), attention
 * ops with `sequences`, and the families `bitnet`/`llama` and the `prefill` phase.
 * {@link writeTrace} is deterministic and {@link parseTrace} reads its output back to an equal
 * workload; the reader rejects anything else with a {@link TraceError} naming the line, the key and
 * what was expected.
 */

import { Found, TraceError } from './config-error.js';
import { GraphChecker, PARAM_COUNT_KEYS, checkWorkload, findHeaderProblem, type GraphProblem } from './graph-check.js';
import { workloadIdentity, type MatVecOp, type Op, type ParamCounts, type Workload } from './ops.js';
import { matvecDtype, matvecWeightBytes, weightBytesRule } from './weights.js';

/** Value of the header's `format` field. */
export const TRACE_FORMAT = 'ternsim-trace';
/** The trace format version {@link writeTrace} writes. */
export const TRACE_VERSION = 2;
/** The versions {@link parseTrace} reads. */
export const TRACE_VERSIONS_READ: readonly number[] = [1, 2];

type Version = 1 | 2;

/** Header keys of each version, in the order they are written. */
const HEADER_KEYS: Readonly<Record<Version, readonly string[]>> = {
  1: ['format', 'version', 'model', 'family', 'phase', 'batch', 'layers', 'ops', 'params'],
  2: ['format', 'version', 'model', 'family', 'phase', 'batch', 'sequences', 'context', 'layers', 'ops', 'params'],
};

/** Parameter-count keys of each version, in the order they are written. */
const PARAM_KEYS: Readonly<Record<Version, readonly (keyof ParamCounts)[]>> = {
  1: ['total', 'ternaryBlocks', 'ternaryHead', 'embedding', 'other'],
  2: PARAM_COUNT_KEYS,
};

const BASE_KEYS = ['kind', 'id', 'deps', 'layer'] as const;

/** Keys each op kind carries after the base keys, in the order they are written, per version. */
const KIND_KEYS: Readonly<Record<Version, Readonly<Record<Op['kind'], readonly string[]>>>> = {
  1: {
    matvec: ['weight', 'dIn', 'dOut', 'batch', 'zeroFraction'],
    elementwise: ['fn', 'length'],
    rmsnorm: ['length', 'rows'],
    quantize: ['length', 'rows'],
    load: ['tensor', 'bytes', 'space'],
    store: ['tensor', 'bytes', 'space'],
    attention: ['heads', 'kvHeads', 'headDim', 'context', 'batch', 'kvBytesPerElement'],
  },
  2: {
    matvec: ['weight', 'weightDtype', 'dIn', 'dOut', 'batch', 'zeroFraction', 'weightBytes'],
    elementwise: ['fn', 'length'],
    rmsnorm: ['length', 'rows'],
    quantize: ['length', 'rows'],
    load: ['tensor', 'bytes', 'space'],
    store: ['tensor', 'bytes', 'space'],
    attention: ['heads', 'kvHeads', 'headDim', 'context', 'batch', 'sequences', 'kvBytesPerElement'],
  },
};
const KINDS = Object.keys(KIND_KEYS[2]) as Op['kind'][];

/** What version 1 allowed, where version 2 allows more. */
const V1_FAMILIES: readonly string[] = ['hgrn_bit', 'trace'];

/**
 * Serializes a workload as a version-2 trace: a header line, one line per op, a final newline.
 * Keys are written in a fixed order and every optional field explicitly (`sequences` = batch,
 * `context` 0, `weightDtype` "ternary", dense parameter counts 0 when absent), so equal workloads
 * give identical text. Throws a ConfigError if the workload is not a valid graph.
 */
export function writeTrace(w: Workload): string {
  checkWorkload(w);
  const params = w.params === null ? null : Object.fromEntries(PARAM_COUNT_KEYS.map((k) => [k, w.params![k] ?? 0]));
  const header: Record<string, unknown> = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    ...workloadIdentity(w),
    params,
  };
  const lines = [JSON.stringify(header)];
  for (const op of w.ops) lines.push(JSON.stringify(serializedOp(op)));
  return lines.join('\n') + '\n';
}

/** An op as a version-2 line: explicit dtype, stated weight bytes and sequences. */
function serializedOp(op: Op): Record<string, unknown> {
  const o = op as unknown as Record<string, unknown>;
  if (op.kind === 'matvec') return orderedOp({ ...o, weightDtype: matvecDtype(op), weightBytes: matvecWeightBytes(op) }, 2);
  if (op.kind === 'attention') return orderedOp({ ...o, sequences: op.sequences ?? op.batch }, 2);
  return orderedOp(o, 2);
}

/**
 * Parses a trace of version 1 or 2 into the canonical in-memory form: `context` always set (0 for
 * version 1), `sequences` only where it differs from `batch`, `weightDtype` only where not
 * ternary, all seven parameter counts. Strict: malformed JSON, unknown or missing keys, unknown
 * kinds, functions or dtypes, non-positive sizes, a `weightBytes` that is not the stated packing's,
 * deps that do not name an earlier op, a header announcing a different number of ops than follow
 * (truncated files), blank lines — each is a {@link TraceError} with the 1-based line number.
 * A final newline is optional; `\r\n` is accepted.
 */
export function parseTrace(text: string): Workload {
  const lines = text.split('\n');
  const endsWithNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  if (text.length === 0) throw new TraceError(1, '', `a ${TRACE_FORMAT} header line`, new Found('an empty file'));

  const isLastPartial = (lineNo: number): boolean => lineNo === lines.length && !endsWithNewline;
  const header = parseObjectLine(lines[0]!, 1, isLastPartial(1), 'the trace header object');
  const { meta, opCount, version } = readHeader(header);

  const checker = new GraphChecker(meta.layers);
  const ops: Op[] = [];
  for (let k = 0; k < opCount; k++) {
    const lineNo = k + 2;
    if (lineNo > lines.length) {
      throw new TraceError(
        lineNo,
        '',
        `op ${k + 1} of the ${opCount} the header announces (the file looks truncated)`,
        new Found('end of file'),
      );
    }
    const obj = parseObjectLine(lines[lineNo - 1]!, lineNo, isLastPartial(lineNo), 'an op object');
    const op = readOp(obj, lineNo, version);
    const prob = checker.add(op);
    if (prob) throw problemAt(lineNo, prob);
    ops.push(canonicalOp(op, obj, lineNo));
  }
  if (lines.length > opCount + 1) {
    const lineNo = opCount + 2;
    const extra = lines[lineNo - 1]!;
    throw new TraceError(
      lineNo,
      '',
      `end of file (the header announces ${opCount} ops)`,
      new Found(extra.trim() === '' ? 'an empty line' : 'another line'),
    );
  }
  return { ...meta, ops };
}

function problemAt(line: number, p: GraphProblem): TraceError {
  return new TraceError(line, p.keyPath, p.expected, p.got);
}

function parseObjectLine(line: string, lineNo: number, partial: boolean, what: string): Record<string, unknown> {
  if (line.trim() === '') throw new TraceError(lineNo, '', what, new Found('an empty line'));
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const hint = partial ? '; the last line has no newline, the file looks truncated' : '';
    throw new TraceError(lineNo, '', what, new Found(`malformed JSON (${why}${hint})`));
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TraceError(lineNo, '', what, v);
  return v as Record<string, unknown>;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], required: readonly string[], lineNo: number, prefix: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      throw new TraceError(lineNo, `${prefix}${k}`, `only the keys ${allowed.join(', ')}`, new Found('an unknown key'));
    }
  }
  for (const k of required) {
    if (!(k in obj)) throw new TraceError(lineNo, `${prefix}${k}`, 'a value (required key)', undefined);
  }
}

function readHeader(h: Record<string, unknown>): { meta: Omit<Workload, 'ops'>; opCount: number; version: Version } {
  if (!('version' in h)) throw new TraceError(1, 'version', 'a value (required key)', undefined);
  if (h.version !== 1 && h.version !== 2) {
    throw new TraceError(1, 'version', `${TRACE_VERSIONS_READ.join(' or ')} (the versions this reader knows)`, h.version);
  }
  const version: Version = h.version;
  checkKeys(h, HEADER_KEYS[version], HEADER_KEYS[version], 1, '');
  if (h.format !== TRACE_FORMAT) throw new TraceError(1, 'format', JSON.stringify(TRACE_FORMAT), h.format);
  if (version === 1) {
    if (typeof h.family !== 'string' || !V1_FAMILIES.includes(h.family)) {
      throw new TraceError(1, 'family', `one of ${V1_FAMILIES.join(', ')} (version 1; other families need version 2)`, h.family);
    }
    if (h.phase !== 'decode') throw new TraceError(1, 'phase', '"decode" (version 1; prefill needs version 2)', h.phase);
  }
  const opCount = h.ops;
  if (typeof opCount !== 'number' || !Number.isSafeInteger(opCount) || opCount < 1) {
    throw new TraceError(1, 'ops', 'the number of op lines that follow (an integer >= 1)', opCount);
  }
  let params: ParamCounts | null = null;
  if (h.params !== null) {
    const p = h.params;
    if (typeof p !== 'object' || Array.isArray(p)) {
      throw new TraceError(1, 'params', 'null or an object of parameter counts', p);
    }
    const po = p as Record<string, unknown>;
    checkKeys(po, PARAM_KEYS[version], PARAM_KEYS[version], 1, 'params.');
    params = Object.fromEntries(PARAM_COUNT_KEYS.map((k) => [k, version === 1 && (k === 'denseBlocks' || k === 'denseHead') ? 0 : po[k]])) as unknown as ParamCounts;
  }
  const batch = h.batch;
  const meta = {
    model: h.model,
    family: h.family,
    phase: h.phase,
    context: version === 1 ? 0 : h.context,
    batch,
    ...(version === 2 && h.sequences !== batch ? { sequences: h.sequences } : {}),
    layers: h.layers,
    params,
  } as Omit<Workload, 'ops'>;
  const prob = findHeaderProblem(meta);
  if (prob) throw problemAt(1, prob);
  return { meta, opCount, version };
}

function readOp(obj: Record<string, unknown>, lineNo: number, version: Version): Op {
  const kind = obj.kind;
  const kinds = KINDS;
  if (typeof kind !== 'string' || !(kinds as string[]).includes(kind)) {
    throw new TraceError(lineNo, 'kind', `one of ${kinds.join(', ')}`, kind);
  }
  const fields = [...BASE_KEYS, ...KIND_KEYS[version][kind as Op['kind']]];
  checkKeys(obj, [...fields, 'regs'], fields, lineNo, '');
  if (obj.regs !== undefined) {
    const r = obj.regs;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw new TraceError(lineNo, 'regs', 'an object { "dst": register or null, "src": [registers] }', r);
    }
    checkKeys(r as Record<string, unknown>, ['dst', 'src'], ['dst', 'src'], lineNo, 'regs.');
  }
  const op = orderedOp(obj, version);
  if (kind === 'matvec') delete op.weightBytes; // checked against the stated packing once the shape is valid
  return op as unknown as Op;
}

/**
 * The canonical in-memory op of a checked line: `weightDtype` left out for ternary, `weightBytes`
 * verified and dropped (it follows from dIn, dOut, dtype), `sequences` left out when equal to batch.
 */
function canonicalOp(op: Op, line: Record<string, unknown>, lineNo: number): Op {
  if (op.kind === 'matvec') {
    if ('weightBytes' in line) {
      const want = matvecWeightBytes(op);
      if (line.weightBytes !== want) throw new TraceError(lineNo, 'weightBytes', `${want} (${weightBytesRule(matvecDtype(op))})`, line.weightBytes);
    }
    if (op.weightDtype === 'ternary') {
      const { weightDtype: _t, ...rest } = op;
      return rest as MatVecOp;
    }
    return op;
  }
  if (op.kind === 'attention' && op.sequences === op.batch) {
    const { sequences: _s, ...rest } = op;
    return rest;
  }
  return op;
}

/** A copy of an op with its keys in the written order of `version` (base keys, kind keys, then regs if present). */
function orderedOp(op: Record<string, unknown>, version: Version): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of BASE_KEYS) out[k] = op[k];
  const deps = op.deps;
  if (Array.isArray(deps)) out.deps = [...deps];
  for (const k of KIND_KEYS[version][op.kind as Op['kind']] ?? []) out[k] = op[k];
  if (op.regs !== undefined) {
    const r = op.regs as { dst: unknown; src: unknown };
    out.regs = { dst: r.dst, src: Array.isArray(r.src) ? [...r.src] : r.src };
  }
  return out;
}
