import { parseDocument } from 'yaml';
import { describeValue } from '../workload/config-error.js';
import { InputError } from './design-error.js';

/** Keys an override path may not use (they would reach into object prototypes). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Applies `key.path=value` overrides (the CLI's `--set`) to a parsed design object before
 * validation; values are read as YAML ("5" → 5, "300 MHz" → "300 MHz", "true" → true,
 * "{type: ideal, latencyCycles: 8}" → a mapping). A mapping missing on the path is created (the
 * strict schema then refuses any key that is not a field, so a typo still fails with its key
 * path); a path through a field that is not a mapping is an error naming the override. Citations in `sources` for an
 * overridden field (or anything under it) are dropped: they no longer apply.
 */
export function applyOverrides(raw: Record<string, unknown>, sets: readonly string[], file: string): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new InputError(file, '', `--set ${JSON.stringify(s)}: expected key.path=value, e.g. --set clock="250 MHz"`);
    const keyPath = s.slice(0, eq);
    setAtPath(out, keyPath, parseValue(s.slice(eq + 1), keyPath, file), file, `--set ${keyPath}`);
  }
  return out;
}

/**
 * Applies parameter assignments (a sweep point) to a parsed design object: each value is set at
 * its key path as `--set` would set it, except that a mapping value is merged field by field
 * (`memory: {standard: DDR4-2400, timing: {tCK: 833}}` changes those two fields and keeps the
 * rest of `memory`). `what` names the assignment in messages (e.g. `parameter memory`).
 */
export function applyAssignments(raw: Record<string, unknown>, assignments: readonly (readonly [string, unknown])[], file: string): Record<string, unknown> {
  const out = structuredClone(raw);
  const leaves = (path: string, v: unknown): [string, unknown][] =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leaves(`${path}.${k}`, x)) : [[path, v]];
  for (const [path, value] of assignments) for (const [p, v] of leaves(path, value)) setAtPath(out, p, v, file, `parameter ${path}`);
  return out;
}

/** The most field names a `--set` or sweep parameter path may hold (a design nests four levels at most; a path of 50,000 names took minutes). */
const MAX_PATH_KEYS = 32;

/** Sets `value` at dotted `keyPath` in `out`, creating missing mappings; `what` names the change in messages. */
function setAtPath(out: Record<string, unknown>, keyPath: string, value: unknown, file: string, what: string): void {
  const path = keyPath.split('.');
  if (path.length > MAX_PATH_KEYS) {
    throw new InputError(file, `${path.slice(0, 3).join('.')}…`, `${what.split(' ')[0]}: expected a path of at most ${MAX_PATH_KEYS} field names (a design nests a few levels deep), got ${path.length}`);
  }
  if (path.some((k) => k === '' || FORBIDDEN_KEYS.has(k))) {
    throw new InputError(file, keyPath, `${what}: expected a dot-separated path of field names, e.g. tau.lanes`);
  }
  let cur: Record<string, unknown> = out;
  for (let i = 0; i < path.length - 1; i++) {
    const next = Object.prototype.hasOwnProperty.call(cur, path[i]!) ? cur[path[i]!] : undefined;
    if (next === undefined) {
      cur = cur[path[i]!] = {} as Record<string, unknown>;
      continue;
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const here = path.slice(0, i + 1).join('.');
      throw new InputError(file, here, `${what}: expected a mapping at ${here}, got ${describeValue(next)}`);
    }
    cur = next as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
  dropSources(out, keyPath);
}

/** The longest `--set` value read (a design field's value is a few words; the YAML parser's duplicate check is quadratic in keys). */
const MAX_OVERRIDE_CHARS = 10_000;

/** Reads an override value as YAML (one scalar or flow collection). */
function parseValue(text: string, keyPath: string, file: string): unknown {
  const bad = (why = '') => new InputError(file, keyPath, `--set ${keyPath}: expected a YAML value (a number, a quoted or plain string, true/false, or a {flow: mapping})${why}, got ${JSON.stringify(text)}`);
  if (text.length > MAX_OVERRIDE_CHARS) throw bad(` of at most ${MAX_OVERRIDE_CHARS} characters`);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw bad();
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    // An alias without its anchor, or too many aliases: the message of the yaml package, first line.
    throw bad(` (${(e as Error).message.split('\n')[0]})`);
  }
}

function dropSources(design: Record<string, unknown>, overridden: string): void {
  const sources = design['sources'];
  if (sources === null || typeof sources !== 'object') return;
  for (const key of Object.keys(sources)) {
    if (key === overridden || key.startsWith(`${overridden}.`)) delete (sources as Record<string, unknown>)[key];
  }
}
