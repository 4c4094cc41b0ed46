/**
 * Checked command-line option values. yargs hands over strings (or arrays when an option is
 * repeated); each helper returns the typed value, undefined when the option was not given, or
 * throws an InputError naming the option and what was expected.
 */
import { InputError } from '../design/design-error.js';

/** The largest batch (sequences) a command accepts. */
export const MAX_BATCH = 4096;

/** The largest context or prompt a command accepts (a config's max_position_embeddings may lower it). */
export const MAX_CONTEXT = 2 ** 20;

/** Parsed arguments as yargs gives them. */
export type Args = Record<string, unknown>;

/** The one value of a single-valued option (repeating it is an error), or undefined. */
export function single<T>(name: string, v: T | T[] | undefined): T | undefined {
  if (!Array.isArray(v)) return v;
  throw new InputError('command line', `--${name}`, `expected one value, got ${v.length}: ${v.map((x) => JSON.stringify(x)).join(', ')}`);
}

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** An integer option in [min, max], or undefined when not given. */
export function intOption(name: string, v: unknown, min: number, max: number): number | undefined {
  const s = single(name, v as string | string[] | undefined);
  if (s === undefined) return undefined;
  const n = NUMBER.test(String(s)) ? Number(s) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InputError('command line', `--${name}`, `expected an integer from ${min} to ${max}, got ${JSON.stringify(String(s))}`);
  }
  return n;
}

/** A number option in [0, 1), or undefined when not given. */
export function fractionOption(name: string, v: unknown): number | undefined {
  const s = single(name, v as string | string[] | undefined);
  if (s === undefined) return undefined;
  const n = NUMBER.test(String(s)) ? Number(s) : NaN;
  if (!(n >= 0 && n < 1)) throw new InputError('command line', `--${name}`, `expected a number in [0, 1), got ${JSON.stringify(String(s))}`);
  return n;
}

/** A string option given at most once, not empty, or undefined when not given. */
export function stringOption(name: string, v: unknown): string | undefined {
  const s = single(name, v as string | string[] | undefined);
  if (s === undefined) return undefined;
  if (String(s).trim() === '') throw new InputError('command line', `--${name}`, 'expected a value, got an empty string');
  return String(s);
}

/** One of `choices`, or undefined when not given. */
export function choiceOption<T extends string>(name: string, v: unknown, choices: readonly T[]): T | undefined {
  const s = single(name, v as string | string[] | undefined);
  if (s === undefined) return undefined;
  if (!(choices as readonly string[]).includes(String(s))) {
    throw new InputError('command line', `--${name}`, `expected one of ${choices.join(', ')}, got ${JSON.stringify(String(s))}`);
  }
  return s as T;
}
