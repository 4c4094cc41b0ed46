/**
 * Results read back as input (`ternsim report` of results JSON files and sweep stores, `results
 * query --format json`): each is checked against the shape of a Result before a report touches
 * it, so a file missing a field, a figure that is not a finite number, a negative count or a
 * store row whose JSON is cut short is one line naming the file and the key path (exit 2), never a
 * crash deep inside the report. A figure that is merely absurd (1e308 tokens/s) passes: the
 * report shows it as it is.
 */
import { z } from 'zod';
import { InputError } from '../design/design-error.js';
import { zodToInputError } from '../design/parse-design.js';
import { parseJsonText } from '../design/parse-text.js';
import type { StoredPoint } from '../dse/stored-point.js';
import type { Result } from '../sim/result.js';
import { MAX_DATA_INPUT_BYTES, readTextInput } from './read-input.js';

const num = z.number({ invalid_type_error: 'expected a number' }).finite('expected a finite number');
const nonNeg = num.min(0, 'expected a number >= 0');
const str = z.string({ invalid_type_error: 'expected a string' });

const fpgaImplementation = z.object({
  target: z.literal('fpga'),
  device: str,
  deviceName: str,
  board: str.nullable(),
  fmaxHz: nonNeg,
  resources: z.array(z.object({ resource: str, used: nonNeg, available: nonNeg, fraction: nonNeg })),
  units: z.array(z.object({ unit: str, detail: str, use: z.record(z.string(), nonNeg), source: str })),
});
const asicImplementation = z.object({
  target: z.literal('asic'),
  nodeNm: nonNeg,
  areaMm2: nonNeg,
  leakageW: nonNeg,
  units: z.array(z.object({ unit: str, detail: str, areaMm2: nonNeg, leakageW: nonNeg, registerBits: nonNeg.optional(), source: str })),
});

/** The fields of a Result a report reads (docs/result.md), with their types; other fields pass through. */
export const resultSchema = z.object({
  ternsimVersion: str,
  mode: z.enum(['cycle', 'fast']),
  design: z.object({ name: str, hash: str, target: z.enum(['fpga', 'asic', 'gpu']) }),
  workload: z.object({ model: str, phase: z.enum(['decode', 'prefill']), batch: nonNeg, layers: nonNeg, hash: str }),
  tokensPerSecond: nonNeg,
  msPerToken: nonNeg,
  timeToFirstTokenMs: nonNeg.nullable(),
  stepTimePs: nonNeg,
  cycles: nonNeg,
  watts: nonNeg,
  staticWatts: nonNeg,
  dynamicWatts: nonNeg,
  joulesPerToken: nonNeg,
  picojoulesPerAccumulate: nonNeg,
  tokensPerSecondPerWatt: nonNeg,
  boundBy: str,
  units: z.record(z.string(), z.object({ busyFraction: nonNeg })),
  memory: z.object({
    weightBytes: nonNeg,
    bytesRead: nonNeg,
    bytesWritten: nonNeg,
    achievedBytesPerSecond: nonNeg,
    peakBytesPerSecond: nonNeg.nullable(),
    busUtilization: nonNeg.nullable(),
  }),
  power: z.object({
    byComponent: z.array(z.object({ component: str, energyJ: nonNeg, dynamicW: nonNeg, staticW: nonNeg })),
    staticSources: z.array(z.object({ name: str, watts: nonNeg, source: str })),
    junctionC: num.nullable(),
  }),
  compute: z.object({ peakOpsPerSecond: nonNeg, opsPerStep: nonNeg }),
  activity: z.object({ spanPs: nonNeg, units: z.record(z.string(), z.array(nonNeg)) }).nullable(),
  implementation: z.discriminatedUnion('target', [fpgaImplementation, asicImplementation]).nullable(),
  actions: z.record(z.string(), z.record(z.string(), nonNeg)),
  eventsProcessed: nonNeg,
  warnings: z.array(str),
});

/**
 * Checks that `value` is a Result; else an InputError naming `file` and the key path, each
 * prefixed with `keyPrefix` (`[3]`, `points[key=…].result`).
 */
export function checkResult(value: unknown, file: string, keyPrefix = ''): Result {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(file, keyPrefix, 'expected a ternsim Result (from ternsim compare, simulate --json or --out)');
  }
  const r = resultSchema.safeParse(value);
  if (r.success) return value as Result;
  const e = zodToInputError(r.error, file, value, resultSchema);
  const key = [keyPrefix, e.keyPath].filter((k) => k !== '').join(e.keyPath.startsWith('[') ? '' : '.');
  throw new InputError(file, key, e.expected);
}

/** The Results of a results JSON file (one Result or an array of them), each checked. */
export function readResultsFile(file: string): Result[] {
  const v = parseJsonText(readTextInput(file, 'results file', MAX_DATA_INPUT_BYTES), file);
  if (Array.isArray(v)) return v.map((r, i) => checkResult(r, file, `[${i}]`));
  return [checkResult(v, file)];
}

/** A JSON column of a stored point (`result`, `params`) parsed; JSON cut short or malformed is an InputError naming the store, the row and the column. */
export function storedJson(store: string, p: StoredPoint, column: 'result' | 'params'): unknown {
  const text = p[column];
  if (text === null) return null;
  const where = `points[key=${p.key}].${column}`;
  try {
    return parseJsonText(text, where);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(store, where, e.expected);
    throw e;
  }
}

/** The Result of a stored point (null when it was not simulated), checked as a results file is. */
export function storedResult(store: string, p: StoredPoint): Result | null {
  const v = storedJson(store, p, 'result');
  return v === null ? null : checkResult(v, store, `points[key=${p.key}].result`);
}

/** The parameter values of a stored point: a mapping, else an InputError naming the store and the row. */
export function storedParams(store: string, p: StoredPoint): Record<string, unknown> {
  const v = storedJson(store, p, 'params');
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InputError(store, `points[key=${p.key}].params`, 'expected a JSON mapping of parameter values');
  return v as Record<string, unknown>;
}
