/**
 * Ternary weight packing formats: how many weights one byte holds and what decoding costs.
 *
 * - `2bit`: four 2-bit codes per byte; decode is wiring (no extra stage).
 * - `1.6bit`: base-3, five trits per byte (3^5 = 243 ≤ 256); decode is a 256-entry lookup that
 *   adds one pipeline stage and one LUT read per byte (assumption: a single-cycle ROM lookup).
 */
export type PackingFormat = '2bit' | '1.6bit';

/** All packing formats, for validation. */
export const PACKING_FORMATS: readonly PackingFormat[] = ['2bit', '1.6bit'];

/** Properties of a packing format. */
export interface PackingSpec {
  weightsPerByte: number;
  /** Extra pipeline cycles the decoder adds. */
  decodeLatencyCycles: number;
  /** Whether each byte costs a decode-table lookup (counted as tau.decode). */
  decodeLookup: boolean;
}

const SPECS: Record<PackingFormat, PackingSpec> = {
  '2bit': { weightsPerByte: 4, decodeLatencyCycles: 0, decodeLookup: false },
  '1.6bit': { weightsPerByte: 5, decodeLatencyCycles: 1, decodeLookup: true },
};

/** The spec of a packing format. */
export function packingSpec(format: PackingFormat): PackingSpec {
  return SPECS[format];
}

/** Bytes of a dOut × dIn ternary matrix, each row padded to whole bytes. */
export function packedMatrixBytes(format: PackingFormat, dIn: number, dOut: number): number {
  return dOut * Math.ceil(dIn / SPECS[format].weightsPerByte);
}
