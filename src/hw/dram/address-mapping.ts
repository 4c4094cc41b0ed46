import type { DramOrganization } from './standards.js';

/**
 * Physical address → DRAM coordinates. A scheme is written, as in Ramulator 2, from the most
 * significant field to the least: `RoBaCoBgCh` means row at the top, then bank, column, bank group,
 * and channel just above the burst offset. Fields are mixed-radix digits (not bit slices), so
 * channel and bank counts need not be powers of two; for powers of two it is plain bit slicing.
 *
 * Field names: `Ro` row, `Ba` bank (within its group), `Bg` bank group, `Co` column (in bursts),
 * `Ch` channel, `Ra` rank (optional; size 1 when ranks = 1). The burst offset (log2 of the burst
 * size in bytes) is always the least significant part and is not named.
 */

/** One field of an address-mapping scheme. */
export type DramAddressField = 'Ro' | 'Ba' | 'Bg' | 'Co' | 'Ch' | 'Ra';

/**
 * Named schemes, bit order from LSB (after the burst offset):
 * - `RoBaCoBgCh` (default): [offset][channel][bank group][column][bank][row]. Sequential bursts
 *   rotate over channels, then bank groups (so consecutive column commands obey tCCD_S, not
 *   tCCD_L), and stay in one open row per bank for a whole row; the next bank is activated
 *   while the current one streams.
 * - `RoCoBaBgCh`: [offset][channel][bank group][bank][column][row]. Rotates over every bank
 *   before advancing the column: all banks hold an open row at once.
 * - `RoBaBgCoCh`: [offset][channel][column][bank group][bank][row]. Fills a whole row of one
 *   bank before moving on: consecutive bursts hit one bank group, so streaming is tCCD_L-bound
 *   (a known way to lose bandwidth; useful to show that the mapping matters).
 * - `ChRoBaBgCo`: [offset][column][bank group][bank][row][channel]: each channel owns one
 *   contiguous region (DRAMsim3's `chrobabgraco` without ranks); a stream uses one channel.
 */
export const DRAM_MAPPING_SCHEMES = ['RoBaCoBgCh', 'RoCoBaBgCh', 'RoBaBgCoCh', 'ChRoBaBgCo'] as const;

/** A scheme name: one of `DRAM_MAPPING_SCHEMES` or any ordering of Ro, Ba, Bg, Co, Ch (and optionally Ra), MSB first. */
export type DramMappingScheme = (typeof DRAM_MAPPING_SCHEMES)[number] | string;

/** The default scheme (see `DRAM_MAPPING_SCHEMES`). */
export const DEFAULT_DRAM_MAPPING: DramMappingScheme = 'RoBaCoBgCh';

/** DRAM coordinates of one burst. `column` is the JEDEC column address of the burst's first transfer (a multiple of BL). */
export interface DramAddress {
  channel: number;
  rank: number;
  bankGroup: number;
  bank: number;
  row: number;
  column: number;
}

const FIELD_CODES: Record<DramAddressField, number> = { Ch: 0, Ra: 1, Bg: 2, Ba: 3, Ro: 4, Co: 5 };

/** Splits a scheme string into its fields (MSB first); throws on anything but a valid ordering. */
export function parseMappingScheme(scheme: string): DramAddressField[] {
  const fields: DramAddressField[] = [];
  if (scheme.length % 2 !== 0) throw new Error(badScheme(scheme));
  for (let i = 0; i < scheme.length; i += 2) {
    const f = scheme.slice(i, i + 2);
    if (!(f in FIELD_CODES) || fields.includes(f as DramAddressField)) throw new Error(badScheme(scheme));
    fields.push(f as DramAddressField);
  }
  for (const need of ['Ro', 'Ba', 'Bg', 'Co', 'Ch'] as const) if (!fields.includes(need)) throw new Error(badScheme(scheme));
  return fields;
}

function badScheme(scheme: string): string {
  return (
    `invalid DRAM address mapping "${scheme}": write each of Ro, Ba, Bg, Co, Ch once (Ra optional), ` +
    `most significant first; named schemes: ${DRAM_MAPPING_SCHEMES.join(', ')}`
  );
}

/**
 * Decodes byte addresses into DRAM coordinates for one organisation, channel count and scheme.
 * Addresses wrap modulo `capacityBytes`.
 */
export class AddressMapper {
  /** Bytes moved by one column command: busWidthBits / 8 × BL. */
  readonly burstBytes: number;
  /** Total bytes addressable over all channels. */
  readonly capacityBytes: number;
  /** Fields MSB first, as parsed from the scheme. */
  readonly fields: readonly DramAddressField[];
  private readonly codes: Int32Array; // field codes, LSB first
  private readonly sizes: Float64Array; // field radices, LSB first
  private readonly totalBursts: number;
  private readonly burstLength: number;
  /** Bit shifts per field (LSB first) when every radix is a power of two and the burst index fits 31 bits; else null. */
  private readonly shifts: Int32Array | null;

  /** @param scheme mapping scheme (MSB first); @param org channel organisation; @param channels number of channels */
  constructor(
    readonly scheme: DramMappingScheme,
    org: DramOrganization,
    readonly channels: number,
  ) {
    for (const [k, v] of Object.entries({ channels, ...org })) {
      if (typeof v === 'number' && (!Number.isInteger(v) || v < 1)) throw new Error(`DRAM ${k} must be a positive integer, got ${v}`);
    }
    if (org.columnsPerRow % org.burstLength !== 0) {
      throw new Error(`DRAM columnsPerRow (${org.columnsPerRow}) must be a multiple of the burst length (${org.burstLength})`);
    }
    if (org.busWidthBits % 8 !== 0) throw new Error(`DRAM busWidthBits must be a multiple of 8, got ${org.busWidthBits}`);
    this.burstBytes = (org.busWidthBits / 8) * org.burstLength;
    this.burstLength = org.burstLength;
    this.fields = parseMappingScheme(scheme);
    const sizeOf: Record<DramAddressField, number> = {
      Ch: channels,
      Ra: org.ranks,
      Bg: org.bankGroups,
      Ba: org.banksPerGroup,
      Ro: org.rowsPerBank,
      Co: org.columnsPerRow / org.burstLength,
    };
    const lsbFirst = [...this.fields].reverse();
    this.codes = Int32Array.from(lsbFirst.map((f) => FIELD_CODES[f]));
    this.sizes = Float64Array.from(lsbFirst.map((f) => sizeOf[f]));
    if (org.ranks > 1 && !this.fields.includes('Ra')) throw new Error(`DRAM mapping "${scheme}" has no Ra field but the organisation has ${org.ranks} ranks`);
    this.totalBursts = lsbFirst.reduce((p, f) => p * sizeOf[f], 1);
    this.capacityBytes = this.totalBursts * this.burstBytes;
    const pow2 = (v: number): boolean => (v & (v - 1)) === 0 && v <= 2 ** 30;
    this.shifts = [...this.sizes].every(pow2) && this.totalBursts <= 2 ** 31 ? Int32Array.from(this.sizes, (v) => Math.log2(v)) : null;
  }

  /** Coordinates of the burst holding byte `addr`, written into `out` (also returned). */
  decode(addr: number, out: DramAddress = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 }): DramAddress {
    let x = Math.floor(addr / this.burstBytes) % this.totalBursts;
    out.rank = 0;
    const codes = this.codes;
    const sizes = this.sizes;
    const shifts = this.shifts;
    for (let i = 0; i < codes.length; i++) {
      let v: number;
      if (shifts !== null) {
        const sh = shifts[i]!;
        v = x & ((1 << sh) - 1);
        x = x >>> sh;
      } else {
        const s = sizes[i]!;
        const q = Math.floor(x / s);
        v = x - q * s;
        x = q;
      }
      switch (codes[i]) {
        case 0: out.channel = v; break;
        case 1: out.rank = v; break;
        case 2: out.bankGroup = v; break;
        case 3: out.bank = v; break;
        case 4: out.row = v; break;
        default: out.column = v * this.burstLength;
      }
    }
    return out;
  }

  /** Byte address of the first byte of the burst at `a` (the inverse of `decode`). */
  encode(a: DramAddress): number {
    let x = 0;
    for (let i = this.codes.length - 1; i >= 0; i--) {
      const s = this.sizes[i]!;
      let v: number;
      switch (this.codes[i]) {
        case 0: v = a.channel; break;
        case 1: v = a.rank; break;
        case 2: v = a.bankGroup; break;
        case 3: v = a.bank; break;
        case 4: v = a.row; break;
        default: v = Math.floor(a.column / this.burstLength);
      }
      if (!Number.isInteger(v) || v < 0 || v >= s) throw new Error(`DRAM address field out of range: ${JSON.stringify(a)}`);
      x = x * s + v;
    }
    return x * this.burstBytes;
  }
}
