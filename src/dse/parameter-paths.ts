/**
 * Checking, before a sweep runs, that each swept key path names a field of an accelerator design.
 * Without it a misspelt path (`tau.lanse`) makes every point an invalid design, and the sweep
 * "succeeds" with every point pruned.
 */
import { z, type ZodTypeAny } from 'zod';
import { closest } from '../design/parse-design.js';
import { acceleratorDesignSchema } from '../design/schema.js';

/** Strips wrappers (defaults, optionals, nullables, refinements) off a zod type. */
function unwrap(t: ZodTypeAny): ZodTypeAny {
  for (;;) {
    if (t instanceof z.ZodDefault) t = t._def.innerType;
    else if (t instanceof z.ZodOptional || t instanceof z.ZodNullable) t = t.unwrap();
    else if (t instanceof z.ZodEffects) t = t.innerType();
    else if (t instanceof z.ZodLazy) t = t.schema;
    else return t;
  }
}

/** The alternatives a type stands for: each option of a union, else the type itself. */
function alternatives(t: ZodTypeAny): ZodTypeAny[] {
  const u = unwrap(t);
  if (u instanceof z.ZodDiscriminatedUnion || u instanceof z.ZodUnion) return (u.options as ZodTypeAny[]).flatMap(alternatives);
  return [u];
}

/** Where a key path went wrong: the segment, the mapping it is not a key of, and that mapping's keys. */
export interface UnknownField {
  /** The path up to the mapping (empty for the design itself). */
  parent: string;
  key: string;
  /** The keys the mapping may hold (any option of a union), empty when it is not a mapping. */
  known: string[];
}

/**
 * Checks a dotted key path against the accelerator design schema: null when some option of
 * every union on the way has each segment as a field (or the path enters a free-form record),
 * else the first segment that is no field (a quantity, a z.unknown() read by a transform, is a
 * value, not a mapping).
 */
export function unknownDesignField(keyPath: string, schema: ZodTypeAny = acceleratorDesignSchema): UnknownField | null {
  const parts = keyPath.split('.');
  let types = alternatives(schema);
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    const next: ZodTypeAny[] = [];
    const known = new Set<string>();
    for (const t of types) {
      if (t instanceof z.ZodRecord) return null;
      if (t instanceof z.ZodArray) {
        if (/^\d+$/.test(key)) next.push(...alternatives(t.element));
        continue;
      }
      if (t instanceof z.ZodObject) {
        const shape = t.shape as Record<string, ZodTypeAny>;
        for (const k of Object.keys(shape)) known.add(k);
        if (Object.prototype.hasOwnProperty.call(shape, key)) next.push(...alternatives(shape[key]!));
      }
    }
    if (next.length === 0) return { parent: parts.slice(0, i).join('.'), key, known: [...known] };
    types = next;
  }
  return null;
}

/** Every key path a parameter sets: its own, or for a mapping value each leaf under it (as applyAssignments sets them). */
export function assignedPaths(path: string, value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [path];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => assignedPaths(`${path}.${k}`, v));
}

/** The message for a parameter path that names no design field: what was expected, what it got, a guess. */
export function unknownFieldMessage(path: string, u: UnknownField): string {
  const where = u.parent === '' ? 'an accelerator design' : u.parent;
  if (u.known.length === 0) return `expected the key path of a design field, got "${path}": ${where} is a value, not a mapping of fields`;
  const guess = closest(u.key, u.known);
  return `expected the key path of a design field, got "${path}": ${where} has no field "${u.key}"${guess ? ` (did you mean "${guess}"?)` : ''}; its fields are ${u.known.join(', ')}`;
}
