/**
 * Checks of single config.json values, shared by the config parsers: each throws a
 * {@link ConfigError} naming the key, what was expected and what was found.
 */

import { ConfigError } from './config-error.js';

/** Checks one value of key `key`, returning it typed, or throws. */
export type Check<T> = (key: string, v: unknown) => T;

/** `o[key]` as a positive safe integer (required key). */
export function positiveInt(o: Record<string, unknown>, key: string): number {
  return positiveIntValue(key, o[key]);
}

/** `v` as a positive safe integer. */
export function positiveIntValue(key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new ConfigError(key, 'a positive integer', v);
  }
  return v;
}

/** `v` as a positive finite number. */
export function positiveNumber(key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new ConfigError(key, 'a positive number', v);
  }
  return v;
}

/** `v` as a boolean. */
export function bool(key: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(key, 'true or false', v);
  return v;
}

/** A check that accepts one of `values`. */
export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (key, v) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw new ConfigError(key, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v);
    }
    return v as T;
  };
}

/** An optional key: absent → default; null → default only where the config class types it Optional (`nullable`). */
export function optional<T>(
  o: Record<string, unknown>,
  key: string,
  dflt: T,
  check: Check<T>,
  nullable = false,
): T {
  const v = o[key];
  if (v === undefined || (nullable && v === null)) return dflt;
  return check(key, v);
}
