import { INDEX_FORMAT_GROUP, type PackingFormat } from '../hw/packing.js';
import { z, type ZodError, type ZodIssue, type ZodTypeAny } from 'zod';
import { AddressMapper } from '../hw/dram/address-mapping.js';
import { DRAM_STANDARDS, resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';
import { describeValue } from '../workload/config-error.js';
import { InputError } from './design-error.js';
import { applyOverrides } from './overrides.js';
import { parseDataText } from './parse-text.js';
import { acceleratorDesignSchema, type AcceleratorDesign } from './schema.js';

export { parseDataText, parseJsonText, parseYamlText } from './parse-text.js';

/** A design of any kind ternsim simulates (GPU designs join in a later issue). */
export type Design = AcceleratorDesign;

/** The value at a key path (array of keys) inside a plain value, or undefined. */
function valueAt(obj: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part as string];
  }
  return cur;
}

/** Strips wrappers (defaults, optionals, transforms) off a zod type. */
function unwrap(t: ZodTypeAny): ZodTypeAny {
  for (;;) {
    if (t instanceof z.ZodDefault) t = t._def.innerType;
    else if (t instanceof z.ZodOptional || t instanceof z.ZodNullable) t = t.unwrap();
    else if (t instanceof z.ZodEffects) t = t.innerType();
    else return t;
  }
}

/** The keys the schema allows in the mapping at `path` of `raw`, or [] if unknown. */
export function allowedKeysAt(path: readonly (string | number)[], raw: unknown, schema: ZodTypeAny = acceleratorDesignSchema): string[] {
  let t = unwrap(schema);
  const walk = (i: number): string[] => {
    if (t instanceof z.ZodDiscriminatedUnion) {
      const key = t.discriminator as string;
      const disc = valueAt(raw, [...path.slice(0, i), key]);
      const option = (t.options as ZodTypeAny[]).find((o) => (unwrap(o) as z.AnyZodObject).shape[key]?._def?.value === disc);
      if (!option) return [];
      t = unwrap(option);
    }
    if (i === path.length) return t instanceof z.ZodObject ? Object.keys(t.shape as object) : [];
    if (t instanceof z.ZodObject) {
      const next = (t.shape as Record<string, ZodTypeAny>)[path[i] as string];
      if (!next) return [];
      t = unwrap(next);
    } else if (t instanceof z.ZodArray) t = unwrap(t.element);
    else return [];
    return walk(i + 1);
  };
  return walk(0);
}

/** The closest of `candidates` to `word` (edit distance <= 2, or a case-only difference), or null. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  integer: 'an integer',
};

/** A key path for messages: `power.static[0].source`. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/**
 * Formats the first zod issue as an InputError naming `file`, the full key path and what was
 * expected; `raw` (the validated input) supplies the offending value and the allowed keys.
 */
export function zodToInputError(err: ZodError, file: string, raw?: unknown, schema: ZodTypeAny = acceleratorDesignSchema): InputError {
  // An unknown key is usually the cause of a "missing" one next to it (a misspelling): report it first.
  const issue: ZodIssue = err.issues.find((i) => i.code === 'unrecognized_keys') ?? err.issues[0]!;
  const path = formatKeyPath(issue.path);
  const got = describeValue(valueAt(raw, issue.path));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const allowed = allowedKeysAt(issue.path, raw, schema);
      const guess = closest(key, allowed);
      const hint = guess ? ` (did you mean "${guess}"?)` : '';
      const list = allowed.length > 0 ? `; expected one of ${allowed.join(', ')}` : '';
      return new InputError(file, formatKeyPath([...issue.path, key]), `unknown key${hint}${list}`);
    }
    case 'invalid_type': {
      const custom = issue.message.startsWith('expected ') ? issue.message.slice('expected '.length) : null;
      const options = issue.expected.includes(' | ') ? `one of ${issue.expected.split(' | ').map((o) => JSON.stringify(o.replace(/^'|'$/g, ''))).join(', ')}` : null;
      const what = custom ?? options ?? TYPE_NAMES[issue.expected] ?? issue.expected;
      if (issue.received === 'undefined') return new InputError(file, path, `missing; expected ${what}`);
      return new InputError(file, path, `expected ${what}, got ${got}`);
    }
    case 'invalid_enum_value':
      return new InputError(file, path, `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}, got ${got}`);
    case 'invalid_union_discriminator':
      if (valueAt(raw, issue.path) === undefined) return new InputError(file, path, `missing; expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`);
      return new InputError(file, path, `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}, got ${got}`);
    case 'invalid_literal':
      return new InputError(file, path, `expected ${JSON.stringify(issue.expected)}, got ${got}`);
    case 'custom':
      return new InputError(file, path, /, got |^missing;/.test(issue.message) ? issue.message : `${issue.message}, got ${got}`);
    default:
      // too_small, too_big, invalid_string, not_multiple_of...: the schema's message says what was expected.
      return new InputError(file, path, `${issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`}, got ${got}`);
  }
}

/** Whether `path` (dot-separated) names a field present in `obj`. */
function hasPath(obj: unknown, path: string): boolean {
  return valueAt(obj, path.split('.')) !== undefined;
}

/** Refuses a `sources` citation of a field the design file does not give (`example`: a key path of this kind of design). */
export function checkSources(sources: Record<string, string>, raw: unknown, file: string, example: string): void {
  for (const key of Object.keys(sources)) {
    if (!hasPath(raw, key)) {
      throw new InputError(file, `sources.${key}`, `cites "${key}", which is not a field of this design; expected the key path of a field given in this file, e.g. "${example}"`);
    }
  }
}

/** Checks the DRAM standard and its timing overrides as the DRAM model will resolve them. */
function checkDram(d: AcceleratorDesign, file: string): void {
  const m = d.memory;
  if (m.type !== 'dram') return;
  const valid = Object.keys(DRAM_STANDARDS);
  if (!valid.includes(m.standard)) {
    throw new InputError(file, 'memory.standard', `expected one of ${valid.map((s) => JSON.stringify(s)).join(', ')}, got ${JSON.stringify(m.standard)}`);
  }
  let std;
  try {
    std = resolveDramStandard(m.standard, m.timing as DramTimingOverrides);
  } catch (e) {
    // The schema checks each key and value; this names whatever the DRAM model still refuses.
    const msg = (e as Error).message;
    const key = /timing "?(t\w+)"?/.exec(msg)?.[1] ?? /timing (t\w+)/.exec(msg)?.[1];
    throw new InputError(file, key ? `memory.timing.${key}` : 'memory.standard', msg);
  }
  const t = std.timing;
  if (t.tREFI <= t.tRFC) {
    const key = 'tREFI' in m.timing ? 'tREFI' : 'tRFC';
    throw new InputError(file, `memory.timing.${key}`, `expected tREFI (${t.tREFI} tCK) > tRFC (${t.tRFC} tCK): a refresh must finish before the next is due`);
  }
  if (m.refresh === 'per-bank' && t.tRFCpb <= 0) throw new InputError(file, 'memory.refresh', `expected "all-bank": ${m.standard} has no per-bank refresh, got "per-bank"`);
  try {
    new AddressMapper(m.mapping, std.organization, m.channels, m.channelInterleave !== undefined ? { channelInterleaveBytes: m.channelInterleave } : {});
  } catch (e) {
    const key = m.channelInterleave !== undefined && !/mapping|field/i.test((e as Error).message) ? 'memory.channelInterleave' : 'memory.mapping';
    throw new InputError(file, key, (e as Error).message);
  }
  if (m.writeQueueDepth !== undefined && m.writeQueueDepth < 4) throw new InputError(file, 'memory.writeQueueDepth', `expected at least 4 bursts (drained from 3/4 down to 1/4 full), got ${m.writeQueueDepth}`);
}

/** The matmul engine's section matches its kind: a LUT engine has its `lut` section, a group dividing its lanes' width, a format it can index and storage its target has. */
function checkEngine(d: AcceleratorDesign, file: string): void {
  const t = d.tau;
  const lut = t.lut;
  const indexGroup = INDEX_FORMAT_GROUP[t.packing as PackingFormat];
  if (t.engine !== 'lut') {
    if (lut) throw new InputError(file, 'tau.lut', 'expected no lut section with tau.engine "adder-tree" (set tau.engine: lut to use it)');
    if (indexGroup !== undefined) throw new InputError(file, 'tau.packing', `expected "2bit", "1.6bit" or "bitmap" for the adder tree: ${JSON.stringify(t.packing)} is a LUT index format (tau.engine: lut, group ${indexGroup}), got ${JSON.stringify(t.packing)}`);
    return;
  }
  if (!lut) throw new InputError(file, 'tau.lut', 'missing; expected the LUT engine section (group, builders, storage) with tau.engine "lut"');
  if (t.weightsPerLane % lut.group !== 0) throw new InputError(file, 'tau.weightsPerLane', `expected a multiple of tau.lut.group (${lut.group}): a lane looks up whole groups, got ${t.weightsPerLane}`);
  if (t.packing === 'bitmap') throw new InputError(file, 'tau.packing', 'expected "2bit", "1.6bit", "tl1" or "tl2" with a LUT engine (a bitmap row has no fixed group positions), got "bitmap"');
  if (indexGroup !== undefined && indexGroup !== lut.group) throw new InputError(file, 'tau.lut.group', `expected ${indexGroup}: ${t.packing} indexes groups of ${indexGroup} weights, got ${lut.group}`);
  const sp = lut.activationSparsity;
  if (sp && sp.n > sp.m) throw new InputError(file, 'tau.lut.activationSparsity.n', `expected at most m (${sp.m}): n of every m activations are kept, got ${sp.n}`);
  const kind = lut.storage.kind;
  const fpgaOnly = kind === 'lutram' || kind === 'bram' || kind === 'uram';
  if (d.target.type === 'asic' && fpgaOnly) throw new InputError(file, 'tau.lut.storage.kind', `expected "registers" or "sram" on an ASIC, got ${JSON.stringify(kind)}`);
  if (d.target.type === 'fpga' && kind === 'sram') throw new InputError(file, 'tau.lut.storage.kind', 'expected "registers", "lutram", "bram" or "uram" on an FPGA, got "sram"');
  if (lut.storage.copies > t.lanes) throw new InputError(file, 'tau.lut.storage.copies', `expected at most tau.lanes (${t.lanes}): a copy serves at least one lane, got ${lut.storage.copies}`);
}

/** Cross-field checks the schema cannot express; each names its key path. */
function checkConsistency(d: AcceleratorDesign, raw: unknown, file: string): void {
  checkSources(d.sources, raw, file, 'tau.lanes');
  checkDram(d, file);
  const ws = d.weightStream;
  const buf = ws.buffer;
  if (buf.capacity < ws.requestBytes) {
    throw new InputError(file, 'weightStream.buffer.capacity', `expected at least weightStream.requestBytes (${ws.requestBytes} B): the buffer must hold one request, got ${buf.capacity} B`);
  }
  if (buf.mode === 'double-buffer' && buf.capacity < 2 * ws.requestBytes) {
    throw new InputError(file, 'weightStream.buffer.capacity', `expected at least 2 × weightStream.requestBytes (${2 * ws.requestBytes} B): each half of a double buffer must hold one request, got ${buf.capacity} B`);
  }
  if (ws.prefetch && d.sharedMemoryPort) {
    throw new InputError(file, 'weightStream.prefetch', 'expected false when sharedMemoryPort is true (weights cannot be prefetched through a port shared with loads and stores), got true');
  }
  if (d.tau.lanes > d.tau.accumulators) {
    throw new InputError(file, 'tau.lanes', `expected at most tau.accumulators (${d.tau.accumulators}): each lane owns at least one output row, got ${d.tau.lanes}`);
  }
  checkEngine(d, file);
  if (d.issue.policy === 'in-order' && d.issue.window !== 1) {
    throw new InputError(file, 'issue.window', `expected 1 (or no window) with issue.policy "in-order", which looks at one instruction at a time, got ${d.issue.window}`);
  }
}

/**
 * Parses and validates design text (YAML, or JSON when `file` ends in .json), after applying
 * `key.path=value` overrides; throws InputError naming `file`, the key path and the expectation.
 */
export function parseDesign(text: string, file: string, overrides: readonly string[] = []): Design {
  return designFromValue(parseDataText(text, file), file, overrides);
}

/** `parseDesign` on an already parsed YAML/JSON value. */
export function designFromValue(parsed: unknown, file: string, overrides: readonly string[] = []): Design {
  if (parsed === null || parsed === undefined) throw new InputError(file, '', 'expected a mapping of design fields, got an empty file');
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(file, '', `expected a mapping of design fields, got ${describeValue(parsed)}`);
  const raw = applyOverrides(parsed as Record<string, unknown>, overrides, file);
  const kind = raw['kind'];
  if (kind === undefined) throw new InputError(file, 'kind', 'missing; expected "accelerator"');
  if (kind !== 'accelerator') throw new InputError(file, 'kind', `expected "accelerator", got ${describeValue(kind)}`);
  const r = acceleratorDesignSchema.safeParse(raw);
  if (!r.success) throw zodToInputError(r.error, file, raw);
  checkConsistency(r.data, raw, file);
  return r.data;
}
