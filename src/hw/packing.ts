/**
 * Ternary weight packing formats: how many bytes a row of weights takes, what decoding costs, and
 * whether the format lets the TAU spend cycles on non-zero weights only.
 *
 * - `2bit`: four 2-bit codes per byte; decode is wiring (no extra stage).
 * - `1.6bit`: base-3, five trits per byte (3^5 = 243 ≤ 256); decode is a 256-entry lookup that
 *   adds one pipeline stage and one LUT read per byte (assumption: a single-cycle ROM lookup).
 * - `bitmap`: a zero-run format: a 1-bit non-zero mask per weight, then one sign bit per non-zero
 *   weight, so a row of n weights with zero fraction z takes ⌈n/8⌉ + ⌈n(1−z)/8⌉ bytes (1.69 bits
 *   per weight at z = 0.31). The decoder compacts the non-zeros (a prefix count over the mask: one
 *   more pipeline stage, assumption), so the array spends cycles on non-zero weights only.
 * - `tl1`, `tl2`: LUT index codes (bitnet.cpp, arXiv 2502.11880): `tl1` a 4-bit index per 2
 *   weights (9 patterns; 2 bits per weight), `tl2` 5 bits per 3 weights (5/3 ≈ 1.67 bits per
 *   weight): a sign bit and a 4-bit index into 13 symmetric patterns, or a plain index into all
 *   27 (TeLLMe's TMAC_INDEX_WIDTH 5). The index addresses a LUT engine's table directly, so these
 *   formats are for `tau.engine: lut` with group 2 and 3.
 */
export type PackingFormat = '2bit' | '1.6bit' | 'bitmap' | 'tl1' | 'tl2';

/** All packing formats, for validation. */
export const PACKING_FORMATS: readonly PackingFormat[] = ['2bit', '1.6bit', 'bitmap', 'tl1', 'tl2'];

/** The activation group size a LUT index format encodes (its index addresses a table of that group), if it is one. */
export const INDEX_FORMAT_GROUP: Partial<Record<PackingFormat, number>> = { tl1: 2, tl2: 3 };

/** Full-precision and integer weight formats (non-ternary layers such as BitNet's lm_head or a Llama model). */
export type DenseFormat = 'bf16' | 'fp16' | 'int8' | 'int4';

/** Any weight storage format: a ternary packing, or a dense format. */
export type WeightFormat = PackingFormat | DenseFormat;

/** Bits per weight of the dense formats. */
const DENSE_BITS: Record<DenseFormat, number> = { bf16: 16, fp16: 16, int8: 8, int4: 4 };

/** The storage format of a matvec's weights: its dtype when not ternary, else the design's packing. */
export function weightFormat(weightDtype: string | undefined, packing: PackingFormat): WeightFormat {
  return weightDtype === undefined || weightDtype === 'ternary' ? packing : (weightDtype as DenseFormat);
}

/** Properties of a packing format. */
export interface PackingSpec {
  /** Extra pipeline cycles the decoder adds. */
  decodeLatencyCycles: number;
  /** Whether each byte costs a decode-table lookup (counted as tau.decode). */
  decodeLookup: boolean;
  /** Whether the array spends cycles on non-zero weights only. */
  computesNonZerosOnly: boolean;
  /** The decode table, when the format needs one: entries × bits, and weights decoded per lookup. */
  decodeRom?: { entries: number; bitsPerEntry: number; weightsPerLookup: number };
}

const SPECS: Record<WeightFormat, PackingSpec> = {
  bf16: { decodeLatencyCycles: 0, decodeLookup: false, computesNonZerosOnly: false },
  fp16: { decodeLatencyCycles: 0, decodeLookup: false, computesNonZerosOnly: false },
  int8: { decodeLatencyCycles: 0, decodeLookup: false, computesNonZerosOnly: false },
  int4: { decodeLatencyCycles: 0, decodeLookup: false, computesNonZerosOnly: false },
  '2bit': { decodeLatencyCycles: 0, decodeLookup: false, computesNonZerosOnly: false },
  // One byte of five trits → five 2-bit sign/zero codes: a 256 × 10-bit table.
  '1.6bit': { decodeLatencyCycles: 1, decodeLookup: true, computesNonZerosOnly: false, decodeRom: { entries: 256, bitsPerEntry: 10, weightsPerLookup: 5 } },
  bitmap: { decodeLatencyCycles: 1, decodeLookup: false, computesNonZerosOnly: true },
  // The index is the table address: no decode (bitnet.cpp TL1/TL2).
  tl1: { decodeLatencyCycles: 0, decodeLookup: false, computesNonZerosOnly: false },
  tl2: { decodeLatencyCycles: 0, decodeLookup: false, computesNonZerosOnly: false },
};

/** The spec of a packing format. */
export function packingSpec(format: WeightFormat): PackingSpec {
  return SPECS[format];
}

/** Bytes of one packed row of `dIn` weights whose zero fraction is `zeroFraction`. */
export function packedRowBytes(format: WeightFormat, dIn: number, zeroFraction: number): number {
  switch (format) {
    case 'bf16':
    case 'fp16':
    case 'int8':
    case 'int4':
      return Math.ceil((dIn * DENSE_BITS[format]) / 8);
    case '2bit':
      return Math.ceil(dIn / 4);
    case '1.6bit':
      return Math.ceil(dIn / 5);
    case 'bitmap':
      return Math.ceil(dIn / 8) + Math.ceil((dIn * (1 - zeroFraction)) / 8);
    case 'tl1':
      return Math.ceil((Math.ceil(dIn / 2) * 4) / 8);
    case 'tl2':
      return Math.ceil((Math.ceil(dIn / 3) * 5) / 8);
  }
}

/** Bytes of a dOut × dIn matrix, each row packed on its own. */
export function packedMatrixBytes(format: WeightFormat, dIn: number, dOut: number, zeroFraction = 0): number {
  return dOut * packedRowBytes(format, dIn, zeroFraction);
}
