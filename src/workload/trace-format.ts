/**
 * The ternsim trace format, version 1: JSON Lines. Line 1 is a header object, then one op per line,
 * exactly as the {@link Op} types (see docs/trace-format.md). {@link writeTrace} is deterministic and
 * {@link parseTrace} reads its output back to an equal workload; the reader rejects anything else
 * with a {@link TraceError} naming the line, the key and what was expected.
 */

import { Found, TraceError } from './config-error.js';
import { GraphChecker, PARAM_COUNT_KEYS, checkWorkload, findHeaderProblem, type GraphProblem } from './graph-check.js';
import type { Op, ParamCounts, Workload } from './ops.js';

/** Value of the header's `format` field. */
export const TRACE_FORMAT = 'ternsim-trace';
/** The trace format version this module reads and writes. */
export const TRACE_VERSION = 1;

/** Header keys, in the order they are written. */
const HEADER_KEYS = ['format', 'version', 'model', 'family', 'phase', 'batch', 'layers', 'ops', 'params'] as const;
const BASE_KEYS = ['kind', 'id', 'deps', 'layer'] as const;

/** Keys each op kind carries after the base keys, in the order they are written. */
const KIND_KEYS: Readonly<Record<Op['kind'], readonly string[]>> = {
  matvec: ['weight', 'dIn', 'dOut', 'batch', 'zeroFraction'],
  elementwise: ['fn', 'length'],
  rmsnorm: ['length', 'rows'],
  quantize: ['length', 'rows'],
  load: ['tensor', 'bytes', 'space'],
  store: ['tensor', 'bytes', 'space'],
  attention: ['heads', 'kvHeads', 'headDim', 'context', 'batch', 'kvBytesPerElement'],
};
const KINDS = Object.keys(KIND_KEYS) as Op['kind'][];

/**
 * Serializes a workload as a version-1 trace: a header line, one line per op, a final newline.
 * Keys are written in a fixed order, so equal workloads give identical text. Throws a ConfigError
 * if the workload is not a valid graph (it could not be read back).
 */
export function writeTrace(w: Workload): string {
  checkWorkload(w);
  const header: Record<string, unknown> = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    model: w.model,
    family: w.family,
    phase: w.phase,
    batch: w.batch,
    layers: w.layers,
    ops: w.ops.length,
    params: w.params === null ? null : Object.fromEntries(PARAM_COUNT_KEYS.map((k) => [k, w.params![k]])),
  };
  const lines = [JSON.stringify(header)];
  for (const op of w.ops) lines.push(JSON.stringify(canonicalOp(op as unknown as Record<string, unknown>)));
  return lines.join('\n') + '\n';
}

/**
 * Parses a version-1 trace. Strict: malformed JSON, unknown or missing keys, unknown kinds or
 * functions, non-positive sizes, deps that do not name an earlier op, a header announcing a
 * different number of ops than follow (truncated files), blank lines — each is a
 * {@link TraceError} with the 1-based line number. A final newline is optional; `\r\n` is accepted.
 */
export function parseTrace(text: string): Workload {
  const lines = text.split('\n');
  const endsWithNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  if (text.length === 0) throw new TraceError(1, '', `a ${TRACE_FORMAT} header line`, new Found('an empty file'));

  const isLastPartial = (lineNo: number): boolean => lineNo === lines.length && !endsWithNewline;
  const header = parseObjectLine(lines[0]!, 1, isLastPartial(1), 'the trace header object');
  const { meta, opCount } = readHeader(header);

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
    const op = readOp(obj, lineNo);
    const prob = checker.add(op);
    if (prob) throw problemAt(lineNo, prob);
    ops.push(op);
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

function readHeader(h: Record<string, unknown>): { meta: Omit<Workload, 'ops'>; opCount: number } {
  checkKeys(h, HEADER_KEYS, HEADER_KEYS, 1, '');
  if (h.format !== TRACE_FORMAT) throw new TraceError(1, 'format', JSON.stringify(TRACE_FORMAT), h.format);
  if (h.version !== TRACE_VERSION) {
    throw new TraceError(1, 'version', `${TRACE_VERSION} (the version this reader knows)`, h.version);
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
    checkKeys(po, PARAM_COUNT_KEYS, PARAM_COUNT_KEYS, 1, 'params.');
    params = Object.fromEntries(PARAM_COUNT_KEYS.map((k) => [k, po[k]])) as unknown as ParamCounts;
  }
  const meta = {
    model: h.model,
    family: h.family,
    phase: h.phase,
    batch: h.batch,
    layers: h.layers,
    params,
  } as Omit<Workload, 'ops'>;
  const prob = findHeaderProblem(meta);
  if (prob) throw problemAt(1, prob);
  return { meta, opCount };
}

function readOp(obj: Record<string, unknown>, lineNo: number): Op {
  const kind = obj.kind;
  if (typeof kind !== 'string' || !(KINDS as string[]).includes(kind)) {
    throw new TraceError(lineNo, 'kind', `one of ${KINDS.join(', ')}`, kind);
  }
  const fields = [...BASE_KEYS, ...KIND_KEYS[kind as Op['kind']]];
  checkKeys(obj, [...fields, 'regs'], fields, lineNo, '');
  if (obj.regs !== undefined) {
    const r = obj.regs;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw new TraceError(lineNo, 'regs', 'an object { "dst": register or null, "src": [registers] }', r);
    }
    checkKeys(r as Record<string, unknown>, ['dst', 'src'], ['dst', 'src'], lineNo, 'regs.');
  }
  return canonicalOp(obj) as unknown as Op;
}

/** A copy of an op with its keys in the written order (base keys, kind keys, then regs if present). */
function canonicalOp(op: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of BASE_KEYS) out[k] = op[k];
  const deps = op.deps;
  if (Array.isArray(deps)) out.deps = [...deps];
  for (const k of KIND_KEYS[op.kind as Op['kind']] ?? []) out[k] = op[k];
  if (op.regs !== undefined) {
    const r = op.regs as { dst: unknown; src: unknown };
    out.regs = { dst: r.dst, src: Array.isArray(r.src) ? [...r.src] : r.src };
  }
  return out;
}
