/**
 * Parsing of physical quantities written with units in design files ("60 MHz", "150 ns",
 * "2 KiB", "13 W", "0.9 V", "28 nm"). A bare number is refused for dimensional values so that a
 * MHz-vs-Hz slip cannot pass silently. Each parser returns the value in ternsim's base unit
 * (Hz, ps, bytes, W, V, nm) or a message saying what was expected.
 */

/** A quantity kind and its units with their factor to the base unit. */
interface Dimension {
  name: string;
  example: string;
  units: Record<string, number>;
  /** Units used to print a value of this kind, smallest first. */
  display: readonly string[];
}

const DIMENSIONS = {
  frequency: { name: 'a frequency', example: '"300 MHz"', units: { Hz: 1, kHz: 1e3, MHz: 1e6, GHz: 1e9 }, display: ['Hz', 'kHz', 'MHz', 'GHz'] },
  time: { name: 'a time', example: '"150 ns"', units: { ps: 1, ns: 1e3, us: 1e6, µs: 1e6, ms: 1e9, s: 1e12 }, display: ['ps', 'ns', 'us', 'ms', 's'] },
  size: {
    name: 'a size',
    example: '"2 KiB"',
    units: { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 },
    display: ['B', 'KiB', 'MiB', 'GiB'],
  },
  power: { name: 'a power', example: '"13 W"', units: { W: 1, mW: 1e-3, kW: 1e3 }, display: ['mW', 'W', 'kW'] },
  voltage: { name: 'a voltage', example: '"0.9 V"', units: { V: 1, mV: 1e-3 }, display: ['mV', 'V'] },
  length: { name: 'a feature size', example: '"28 nm"', units: { nm: 1 }, display: ['nm'] },
  temperature: { name: 'a temperature', example: '"85 C"', units: { C: 1, degC: 1 }, display: ['C'] },
  opsRate: { name: 'an operation rate', example: '"989 TFLOPS"', units: { FLOPS: 1, GFLOPS: 1e9, TFLOPS: 1e12, OPS: 1, GOPS: 1e9, TOPS: 1e12 }, display: ['FLOPS', 'GFLOPS', 'TFLOPS'] },
  bandwidth: { name: 'a bandwidth', example: '"16 GB/s"', units: { 'B/s': 1, 'kB/s': 1e3, 'MB/s': 1e6, 'GB/s': 1e9, 'TB/s': 1e12 }, display: ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s'] },
} satisfies Record<string, Dimension>;

/** Plural names of the base units, for messages ("a whole number of picoseconds"). */
const BASE_UNIT_NAMES: Record<keyof typeof DIMENSIONS, string> = {
  frequency: 'hertz',
  time: 'picoseconds',
  size: 'bytes',
  power: 'watts',
  voltage: 'volts',
  length: 'nanometres',
  temperature: 'degrees Celsius',
  bandwidth: 'bytes per second',
  opsRate: 'operations per second',
};

/** The plural name of the base unit of `kind`: `bytes`, `picoseconds`. */
export function baseUnitName(kind: QuantityKind): string {
  return BASE_UNIT_NAMES[kind];
}

/** Kinds of quantity a design may contain. */
export type QuantityKind = keyof typeof DIMENSIONS;

/**
 * Result of parsing: a value in the base unit, or what was expected (and, where it helps, a hint
 * about what was given: `a bare number has no unit`, `a time, not a frequency`).
 */
export type QuantityResult = { ok: true; value: number } | { ok: false; expected: string; hint?: string };

const PATTERN = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ]+(?:\/s)?)\s*$/;

/** The noun phrase for a kind, e.g. `a frequency`. */
export function quantityName(kind: QuantityKind): string {
  return DIMENSIONS[kind].name;
}

/**
 * What a value of `kind` must look like: `a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz"`.
 */
export function quantityExpectation(kind: QuantityKind): string {
  const dim: Dimension = DIMENSIONS[kind];
  return `${dim.name} with a unit (${Object.keys(dim.units).join(', ')}), e.g. ${dim.example}`;
}

/**
 * Parses `input` as a quantity of `kind`, returning the value in the base unit. Refused, with what
 * was expected: a bare number (no unit), a unit of another dimension (`60 ns` for a frequency),
 * an unknown unit, anything but a number followed by a unit, and values that overflow.
 */
export function parseQuantity(kind: QuantityKind, input: unknown): QuantityResult {
  const dim: Dimension = DIMENSIONS[kind];
  const expected = quantityExpectation(kind);
  if (typeof input === 'number') return { ok: false, expected, hint: 'a bare number has no unit' };
  if (typeof input !== 'string') return { ok: false, expected };
  const m = PATTERN.exec(input);
  if (!m) return { ok: false, expected };
  const factor = dim.units[m[2]!];
  if (factor === undefined) {
    const other = (Object.values(DIMENSIONS) as Dimension[]).find((d) => m[2]! in d.units);
    return other ? { ok: false, expected, hint: `${other.name}, not ${dim.name}` } : { ok: false, expected, hint: `unknown unit "${m[2]}"` };
  }
  const value = Number(m[1]) * factor;
  if (!Number.isFinite(value)) return { ok: false, expected };
  return { ok: true, value };
}

/**
 * Prints a base-unit value of `kind` in the largest display unit that keeps it >= 1, with up to
 * four significant digits: `formatQuantity('frequency', 1e6)` is `1 MHz`, `formatQuantity('size', 8 * 2 ** 30)` is `8 GiB`.
 */
export function formatQuantity(kind: QuantityKind, value: number): string {
  const dim: Dimension = DIMENSIONS[kind];
  let unit = dim.display[0]!;
  for (const u of dim.display) if (Math.abs(value) >= dim.units[u]!) unit = u;
  return `${Number((value / dim.units[unit]!).toPrecision(4))} ${unit}`;
}
