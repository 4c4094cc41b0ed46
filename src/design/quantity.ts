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
}

const DIMENSIONS = {
  frequency: { name: 'a frequency', example: '"300 MHz"', units: { Hz: 1, kHz: 1e3, MHz: 1e6, GHz: 1e9 } },
  time: { name: 'a time', example: '"150 ns"', units: { ps: 1, ns: 1e3, us: 1e6, µs: 1e6, ms: 1e9, s: 1e12 } },
  size: {
    name: 'a size',
    example: '"2 KiB"',
    units: { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 },
  },
  power: { name: 'a power', example: '"13 W"', units: { W: 1, mW: 1e-3, kW: 1e3 } },
  voltage: { name: 'a voltage', example: '"0.9 V"', units: { V: 1, mV: 1e-3 } },
  length: { name: 'a feature size', example: '"28 nm"', units: { nm: 1 } },
} satisfies Record<string, Dimension>;

/** Kinds of quantity a design may contain. */
export type QuantityKind = keyof typeof DIMENSIONS;

/** Result of parsing: a value in the base unit, or what was expected. */
export type QuantityResult = { ok: true; value: number } | { ok: false; expected: string };

const PATTERN = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ]+)\s*$/;

/** Parses `input` as a quantity of `kind`, returning the value in the base unit. */
export function parseQuantity(kind: QuantityKind, input: unknown): QuantityResult {
  const dim: Dimension = DIMENSIONS[kind];
  const expected = `${dim.name} with a unit (${Object.keys(dim.units).join(', ')}), e.g. ${dim.example}`;
  if (typeof input === 'number') return { ok: false, expected: `${expected}; a bare number has no unit` };
  if (typeof input !== 'string') return { ok: false, expected };
  const m = PATTERN.exec(input);
  if (!m) return { ok: false, expected };
  const factor = dim.units[m[2]!];
  if (factor === undefined) {
    const other = (Object.values(DIMENSIONS) as Dimension[]).find((d) => m[2]! in d.units);
    return { ok: false, expected: other ? `${expected}, not ${other.name}` : expected };
  }
  const value = Number(m[1]) * factor;
  if (!Number.isFinite(value)) return { ok: false, expected };
  return { ok: true, value };
}
