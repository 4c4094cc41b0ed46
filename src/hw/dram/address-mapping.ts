import type { DramOrganization } from './standard-types.js';

/**
 * Physical address → DRAM coordinates. A scheme is written, as in Ramulator 2 and DRAMsim3, from the
 * most significant field to the least: `RoBaCoBgCh` means row at the top, then bank, column, bank
 * group, and channel just above the burst offset. Fields are mixed-radix digits (not bit slices), so
 * channel and bank counts need not be powers of two; for powers of two it is plain bit slicing.
 *
 * Field names: `Ro` row, `Ba` bank (within its group), `Bg` bank group, `Co` column (in bursts),
 * `Ch` channel, `Ra` rank, `Pc` pseudo-channel. DRAMsim3's lowercase strings (`rochrababgco`, with
 * fields `ro ch ra ba bg co`, 12 characters) are accepted with the same meaning. `Ra` and `Pc` may be
 * left out: a missing `Ra` sits just below `Ro`, a missing `Pc` just above `Ch`. The burst offset
 * (log2 of the burst size in bytes) is always the least significant part and is not named.
 *
 * Channel interleaving granularity (`channelInterleaveBytes`): when given, the `Ch` digit is placed so
 * that that many consecutive bytes stay in one channel (the other fields keep their order; a field is
 * split in two where the granularity falls inside it).
 */

/** One field of an address-mapping scheme. */
export type DramAddressField = 'Ro' | 'Ba' | 'Bg' | 'Co' | 'Ch' | 'Ra' | 'Pc';

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
 * - `BgRoBaCoCh`: [offset][channel][column][bank][row][bank group]: a stream never leaves its bank
 *   group, so it is tCCD_L-bound throughout.
 * - `ChRoBaBgCo`: [offset][column][bank group][bank][row][channel]: each channel owns one
 *   contiguous region (DRAMsim3's `chrobabgraco` without ranks); a stream uses one channel.
 * DRAMsim3 strings such as `rochrababgco` (DRAMsim3's DDR4-3200 config) or `rorabgbachco` (its HBM2
 * config) work the same way.
 */
export const DRAM_MAPPING_SCHEMES = ['RoBaCoBgCh', 'RoCoBaBgCh', 'RoBaBgCoCh', 'BgRoBaCoCh', 'ChRoBaBgCo'] as const;

/** A scheme name: one of `DRAM_MAPPING_SCHEMES`, any ordering of the fields (MSB first), or a DRAMsim3 string. */
export type DramMappingScheme = (typeof DRAM_MAPPING_SCHEMES)[number] | string;

/** The default scheme (see `DRAM_MAPPING_SCHEMES`). */
export const DEFAULT_DRAM_MAPPING: DramMappingScheme = 'RoBaCoBgCh';

/** DRAM coordinates of one burst. `column` is the JEDEC column address of the burst's first transfer (a multiple of BL). */
export interface DramAddress {
  channel: number;
  /** Pseudo-channel within the channel (0 without pseudo-channels). */
  pseudoChannel: number;
  rank: number;
  bankGroup: number;
  bank: number;
  row: number;
  column: number;
}

const FIELD_CODES: Record<DramAddressField, number> = { Ch: 0, Ra: 1, Bg: 2, Ba: 3, Ro: 4, Co: 5, Pc: 6 };
const ALL_FIELDS = Object.keys(FIELD_CODES) as DramAddressField[];
const REQUIRED: readonly DramAddressField[] = ['Ro', 'Ba', 'Bg', 'Co', 'Ch'];

/**
 * Splits a scheme string into its fields (MSB first); throws on anything but a valid ordering.
 * CamelCase (`RoBaCoBgCh`) and DRAMsim3 lowercase (`rochrababgco`) spellings are both accepted.
 */
export function parseMappingScheme(scheme: string): DramAddressField[] {
  const fields: DramAddressField[] = [];
  const lower = scheme === scheme.toLowerCase();
  if (scheme.length % 2 !== 0 || scheme.length === 0) throw new Error(badScheme(scheme));
  for (let i = 0; i < scheme.length; i += 2) {
    const tok = scheme.slice(i, i + 2);
    const f = (lower ? tok[0]!.toUpperCase() + tok[1]! : tok) as DramAddressField;
    if (!ALL_FIELDS.includes(f) || fields.includes(f)) throw new Error(badScheme(scheme));
    fields.push(f);
  }
  for (const need of REQUIRED) if (!fields.includes(need)) throw new Error(badScheme(scheme));
  return fields;
}

function badScheme(scheme: string): string {
  return (
    `invalid DRAM address mapping "${scheme}": write each of Ro, Ba, Bg, Co, Ch once (Ra, Pc optional), ` +
    `most significant first, or a DRAMsim3 string of ro, ch, ra, bg, ba, co (e.g. rochrababgco); ` +
    `named schemes: ${DRAM_MAPPING_SCHEMES.join(', ')}`
  );
}

/** One mixed-radix digit of the burst index: `size` values of field `code`, weighted by `mult`. */
interface Digit {
  code: number;
  size: number;
  mult: number;
}

/** Options of an address mapper beyond the scheme. */
export interface AddressMapperOptions {
  /** Bytes that stay in one channel before the next channel is used (a multiple of the burst size). */
  channelInterleaveBytes?: number;
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
  /** Fields MSB first, as parsed from the scheme, with implicit `Ra` / `Pc` inserted. */
  readonly fields: readonly DramAddressField[];
  private readonly codes: Int32Array; // digit field codes, LSB first
  private readonly sizes: Float64Array; // digit radices, LSB first
  private readonly mults: Float64Array; // digit weights within their field
  private readonly totalBursts: number;
  private readonly burstLength: number;
  /** The cursor `decode` seeks (made on first use). */
  private probe: DramAddressCursor | null = null;
  /** Consecutive bursts that stay in one channel: the product of the digits below the channel digit. */
  private readonly channelRun: number;

  /**
   * @param scheme mapping scheme (MSB first)
   * @param org channel organisation
   * @param channels number of channels
   * @param options channel interleaving granularity
   */
  constructor(
    readonly scheme: DramMappingScheme,
    org: DramOrganization,
    readonly channels: number,
    options: AddressMapperOptions = {},
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
    const fields = parseMappingScheme(scheme);
    if (!fields.includes('Ra')) fields.splice(fields.indexOf('Ro') + 1, 0, 'Ra');
    if (!fields.includes('Pc')) fields.splice(fields.indexOf('Ch'), 0, 'Pc');
    this.fields = fields;
    const sizeOf: Record<DramAddressField, number> = {
      Ch: channels,
      Ra: org.ranks,
      Pc: org.pseudoChannels,
      Bg: org.bankGroups,
      Ba: org.banksPerGroup,
      Ro: org.rowsPerBank,
      Co: org.columnsPerRow / org.burstLength,
    };
    let digits: Digit[] = [...fields].reverse().map((f) => ({ code: FIELD_CODES[f], size: sizeOf[f], mult: 1 }));
    const g = options.channelInterleaveBytes;
    if (g !== undefined) digits = placeChannel(digits, g, this.burstBytes);
    digits = digits.filter((d) => d.size > 1 || d.code === FIELD_CODES.Ch);
    this.codes = Int32Array.from(digits.map((d) => d.code));
    this.sizes = Float64Array.from(digits.map((d) => d.size));
    this.mults = Float64Array.from(digits.map((d) => d.mult));
    this.totalBursts = digits.reduce((p, d) => p * d.size, 1);
    this.channelRun = digits.slice(0, digits.findIndex((d) => d.code === FIELD_CODES.Ch)).reduce((p, d) => p * d.size, 1);
    this.capacityBytes = this.totalBursts * this.burstBytes;
  }

  /** Coordinates of the burst holding byte `addr`, written into `out` (also returned). */
  decode(addr: number, out: DramAddress = { channel: 0, pseudoChannel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 }): DramAddress {
    const c = (this.probe ??= this.cursor());
    c.seek(Math.floor(addr / this.burstBytes));
    out.channel = c.channel;
    out.pseudoChannel = c.pseudoChannel;
    out.rank = c.rank;
    out.bankGroup = c.bankGroup;
    out.bank = c.bank;
    out.row = c.row;
    out.column = c.column;
    return out;
  }

  /**
   * Counts bursts `first` … `last` (burst indices: byte address / burst size) per channel into
   * `counts` (one entry per channel), in closed form: burst i lies in channel ⌊i / run⌋ mod
   * channels, where run is the number of consecutive bursts the digits below the channel digit
   * span (the capacity is a multiple of run × channels, so wrapping around it changes nothing).
   */
  countBurstsPerChannel(first: number, last: number, counts: Int32Array): void {
    const run = this.channelRun;
    const period = run * this.channels;
    for (let c = 0; c < this.channels; c++) counts[c] = this.burstsBefore(last + 1, c, run, period) - this.burstsBefore(first, c, run, period);
  }

  /** Bursts i < x in channel c (run and period as in `countBurstsPerChannel`). */
  private burstsBefore(x: number, c: number, run: number, period: number): number {
    const q = Math.floor(x / period);
    const r = x - q * period - c * run;
    return q * run + (r <= 0 ? 0 : r < run ? r : run);
  }

  /** A cursor over consecutive bursts of this mapping (see `DramAddressCursor`). */
  cursor(): DramAddressCursor {
    return new DramAddressCursor(this.codes, this.sizes, this.mults, this.totalBursts, this.burstLength);
  }

  /** Byte address of the first byte of the burst at `a` (the inverse of `decode`). */
  encode(a: DramAddress): number {
    let x = 0;
    for (let i = this.codes.length - 1; i >= 0; i--) {
      const s = this.sizes[i]!;
      const m = this.mults[i]!;
      let v: number;
      switch (this.codes[i]) {
        case 0: v = a.channel; break;
        case 1: v = a.rank; break;
        case 2: v = a.bankGroup; break;
        case 3: v = a.bank; break;
        case 4: v = a.row; break;
        case 5: v = Math.floor(a.column / this.burstLength); break;
        default: v = a.pseudoChannel ?? 0;
      }
      const digit = Math.floor(v / m) % s;
      if (!Number.isInteger(v) || v < 0 || v >= this.fieldSize(this.codes[i]!)) throw new Error(`DRAM address field out of range: ${JSON.stringify(a)}`);
      x = x * s + digit;
    }
    return x * this.burstBytes;
  }

  private fieldSize(code: number): number {
    let p = 1;
    for (let i = 0; i < this.codes.length; i++) if (this.codes[i] === code) p *= this.sizes[i]!;
    return p;
  }
}

/** Moves the channel digit so that `bytes` consecutive bytes stay in one channel, splitting a digit if needed. */
function placeChannel(digits: Digit[], bytes: number, burstBytes: number): Digit[] {
  const k = bytes / burstBytes;
  if (!Number.isInteger(k) || k < 1) {
    throw new Error(`DRAM channel interleaving granularity must be a positive multiple of the burst size (${burstBytes} B), got ${bytes} B`);
  }
  const ch = digits.find((d) => d.code === FIELD_CODES.Ch)!;
  const rest = digits.filter((d) => d !== ch);
  const out: Digit[] = [];
  let need = k;
  let i = 0;
  while (need > 1 && i < rest.length) {
    const d = rest[i]!;
    if (d.size <= 1) {
      out.push(d);
      i++;
      continue;
    }
    if (need % d.size === 0) {
      out.push(d);
      need /= d.size;
      i++;
      continue;
    }
    if (d.size % need === 0) {
      out.push({ code: d.code, size: need, mult: d.mult });
      rest[i] = { code: d.code, size: d.size / need, mult: d.mult * need };
      need = 1;
      break;
    }
    throw new Error(`DRAM channel interleaving granularity ${bytes} B does not fall on a field boundary of the address mapping (burst ${burstBytes} B)`);
  }
  if (need > 1) throw new Error(`DRAM channel interleaving granularity ${bytes} B exceeds one channel's capacity`);
  return [...out, ch, ...rest.slice(i)];
}

/**
 * The coordinates of consecutive bursts, as `AddressMapper.decode` gives them: `seek` to a burst
 * index, then `next` moves to the following burst by incrementing the mixed-radix digits like an
 * odometer (a carry only every `size` bursts), far cheaper per burst than decoding each address.
 */
export class DramAddressCursor implements DramAddress {
  channel = 0;
  pseudoChannel = 0;
  rank = 0;
  bankGroup = 0;
  bank = 0;
  row = 0;
  column = 0;
  private col = 0; // column in bursts
  private readonly digits: Float64Array; // current value of each digit, LSB first

  /** Made by `AddressMapper.cursor()`, which passes its digits (LSB first). */
  constructor(
    private readonly codes: Int32Array,
    private readonly sizes: Float64Array,
    private readonly mults: Float64Array,
    private readonly totalBursts: number,
    private readonly burstLength: number,
  ) {
    this.digits = new Float64Array(codes.length);
  }

  /** Moves to burst `burstIndex` (byte address / burst size; wraps modulo the capacity). */
  seek(burstIndex: number): void {
    let x = burstIndex % this.totalBursts;
    this.channel = 0;
    this.pseudoChannel = 0;
    this.rank = 0;
    this.bankGroup = 0;
    this.bank = 0;
    this.row = 0;
    this.col = 0;
    for (let i = 0; i < this.codes.length; i++) {
      const s = this.sizes[i]!;
      const q = Math.floor(x / s);
      const d = x - q * s;
      this.digits[i] = d;
      this.add(this.codes[i]!, d * this.mults[i]!);
      x = q;
    }
    this.column = this.col * this.burstLength;
  }

  /** Moves to the next burst. */
  next(): void {
    const digits = this.digits;
    for (let i = 0; i < digits.length; i++) {
      const s = this.sizes[i]!;
      const d = digits[i]! + 1;
      if (d < s) {
        digits[i] = d;
        this.add(this.codes[i]!, this.mults[i]!);
        break;
      }
      // Carry: this digit wraps to 0 and the next one steps (past the top digit, back to burst 0).
      digits[i] = 0;
      this.add(this.codes[i]!, -(s - 1) * this.mults[i]!);
    }
    this.column = this.col * this.burstLength;
  }

  private add(code: number, v: number): void {
    switch (code) {
      case 0: this.channel += v; break;
      case 1: this.rank += v; break;
      case 2: this.bankGroup += v; break;
      case 3: this.bank += v; break;
      case 4: this.row += v; break;
      case 5: this.col += v; break;
      default: this.pseudoChannel += v;
    }
  }
}
