import { parseDocument } from 'yaml';
import type { ZodError } from 'zod';
import { InputError } from './design-error.js';
import { applyOverrides } from './overrides.js';
import { acceleratorDesignSchema, type AcceleratorDesign } from './schema.js';

/** A design of any kind ternsim simulates (GPU designs join in a later issue). */
export type Design = AcceleratorDesign;

/** Parses YAML or JSON text (JSON is YAML) into a plain value; syntax errors name the line. */
export function parseYamlText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new InputError(file, '', `malformed YAML${line ? ` at line ${line}` : ''}: ${e.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

/** Formats the first zod issue as an InputError. */
export function zodToInputError(err: ZodError, file: string): InputError {
  const issue = err.issues[0]!;
  const path = issue.path.join('.');
  let expected = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return new InputError(file, [path, keys[0]].filter(Boolean).join('.'), `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`);
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') expected = `missing; expected ${issue.expected}`;
  else if (issue.code === 'invalid_type') expected = `expected ${issue.expected}, got ${issue.received}`;
  else if (issue.code === 'invalid_enum_value') expected = `expected one of ${issue.options.map((o) => `"${String(o)}"`).join(', ')}, got ${JSON.stringify(issue.received)}`;
  else if (issue.code === 'invalid_union_discriminator') expected = `expected one of ${issue.options.map((o) => `"${String(o)}"`).join(', ')}`;
  return new InputError(file, path, expected);
}

/** Whether `path` (dot-separated) names a field present in `obj`. */
function hasPath(obj: unknown, path: string): boolean {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as Record<string, unknown>))) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return true;
}

/** Cross-field checks the schema cannot express; each names its key path. */
function checkConsistency(d: AcceleratorDesign, raw: unknown, file: string): void {
  for (const key of Object.keys(d.sources)) {
    if (!hasPath(raw, key)) throw new InputError(file, `sources.${key}`, `cites a field that does not exist in this design`);
  }
  const buf = d.weightStream.buffer;
  if (buf.capacity < d.weightStream.requestBytes) {
    throw new InputError(file, 'weightStream.buffer.capacity', `expected at least weightStream.requestBytes (${d.weightStream.requestBytes} B), got ${buf.capacity} B`);
  }
  if (buf.mode === 'double-buffer' && buf.capacity < 2 * d.weightStream.requestBytes) {
    throw new InputError(file, 'weightStream.buffer.capacity', `a double buffer needs two halves of at least one request (${2 * d.weightStream.requestBytes} B), got ${buf.capacity} B`);
  }
  if (d.weightStream.prefetch && d.sharedMemoryPort) {
    throw new InputError(file, 'weightStream.prefetch', 'cannot prefetch weights through a memory port shared with loads and stores (sharedMemoryPort: true); expected false');
  }
  if (d.tau.lanes > d.tau.accumulators) {
    throw new InputError(file, 'tau.lanes', `expected at most tau.accumulators (${d.tau.accumulators}) lanes: each lane owns at least one output row, got ${d.tau.lanes}`);
  }
  if (d.issue.policy === 'in-order' && d.issue.window !== 1) {
    throw new InputError(file, 'issue.window', `in-order issue looks at one instruction; expected 1 or omit it, got ${d.issue.window}`);
  }
}

/**
 * Parses and validates design text, after applying `key.path=value` overrides; throws InputError
 * naming `file`, the key path and the expectation.
 */
export function parseDesign(text: string, file: string, overrides: readonly string[] = []): Design {
  const parsed = parseYamlText(text, file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(file, '', 'expected a mapping of design fields');
  const raw = applyOverrides(parsed as Record<string, unknown>, overrides, file);
  const kind = (raw as Record<string, unknown>)['kind'];
  if (kind !== 'accelerator') throw new InputError(file, 'kind', `expected "accelerator", got ${JSON.stringify(kind)}`);
  const r = acceleratorDesignSchema.safeParse(raw);
  if (!r.success) throw zodToInputError(r.error, file);
  checkConsistency(r.data, raw, file);
  return r.data;
}
