/**
 * Memory traces for the DRAM model, parsed from text (no file access here). One request per line,
 * in either of two forms (they may be mixed):
 *
 * - DRAMsim3's trace format: `0xADDR READ|WRITE [cycle]` — a hexadecimal (or decimal) byte address,
 *   the command (READ / WRITE, also RD / WR, any case) and optionally the arrival cycle;
 * - JSON Lines: `{"addr": 4096, "write": false, "cycle": 10}` — `addr` a number or a "0x…" string,
 *   `write` a boolean, `cycle` optional.
 *
 * Cycles count the DRAM command clock (tCK) from 0 and must not decrease; a request without a cycle
 * arrives as soon as the one before it has been accepted. Each request moves one burst, so addresses
 * must be burst-aligned and inside the memory. Blank lines and lines starting with `#` are skipped.
 */

/** A parsed trace, column-wise (a million requests stay compact). */
export interface DramTrace {
  /** Number of requests. */
  length: number;
  /** Byte address of each request. */
  addr: Float64Array;
  /** 1 for a write, 0 for a read. */
  write: Uint8Array;
  /** Arrival cycle of each request (tCK), or −1 when the line gave none. */
  cycle: Float64Array;
}

/** What a trace's addresses must satisfy. */
export interface DramTraceLimits {
  /** Addresses must be multiples of this (the burst size). */
  alignBytes: number;
  /** Addresses must be below this (the memory's capacity). */
  capacityBytes: number;
}

/** A line of a trace that cannot be used: its 1-based number and what was expected there. */
export class DramTraceError extends Error {
  constructor(
    readonly line: number,
    readonly expected: string,
  ) {
    super(`line ${line}: ${expected}`);
    this.name = 'DramTraceError';
  }
}

const HEX = /^0x[0-9a-f]+$/i;
const DEC = /^[0-9]+$/;
const JSON_KEYS = ['addr', 'write', 'cycle'];

function parseAddress(s: string, line: number): number {
  let v: number;
  if (HEX.test(s)) v = Number.parseInt(s.slice(2), 16);
  else if (DEC.test(s)) v = Number(s);
  else throw new DramTraceError(line, `expected an address in hex (0x…) or decimal, got ${JSON.stringify(s)}`);
  if (!Number.isSafeInteger(v)) throw new DramTraceError(line, `expected an address below 2^53, got ${s}`);
  return v;
}

function parseCycle(v: unknown, line: number): number {
  const n = typeof v === 'string' && DEC.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new DramTraceError(line, `expected a cycle (an integer ≥ 0), got ${JSON.stringify(v)}`);
  return n;
}

/** Parses a trace; throws `DramTraceError` naming the first bad line. */
export function parseDramTrace(text: string, limits: DramTraceLimits): DramTrace {
  let cap = 1024;
  let addr = new Float64Array(cap);
  let write = new Uint8Array(cap);
  let cycle = new Float64Array(cap);
  let n = 0;
  let lastCycle = 0;
  let lineNo = 0;
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = len;
    lineNo++;
    const raw = text.slice(pos, end);
    pos = end + 1;
    const s = raw.trim();
    if (s === '' || s.startsWith('#')) continue;
    let a: number;
    let w: number;
    let c = -1;
    if (s.startsWith('{')) {
      let o: unknown;
      try {
        o = JSON.parse(s);
      } catch {
        throw new DramTraceError(lineNo, `expected a JSON object {"addr": …, "write": …, "cycle": …}, got malformed JSON ${JSON.stringify(s.slice(0, 60))}`);
      }
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new DramTraceError(lineNo, 'expected a JSON object');
      const rec = o as Record<string, unknown>;
      for (const k of Object.keys(rec)) if (!JSON_KEYS.includes(k)) throw new DramTraceError(lineNo, `unknown key "${k}"; expected addr, write, cycle`);
      const av = rec['addr'];
      if (typeof av === 'number') {
        if (!Number.isSafeInteger(av) || av < 0) throw new DramTraceError(lineNo, `expected "addr" to be a non-negative integer, got ${av}`);
        a = av;
      } else if (typeof av === 'string') a = parseAddress(av, lineNo);
      else throw new DramTraceError(lineNo, `expected "addr" (a number or a "0x…" string), got ${JSON.stringify(av)}`);
      const wv = rec['write'];
      if (typeof wv !== 'boolean') throw new DramTraceError(lineNo, `expected "write" to be true or false, got ${JSON.stringify(wv)}`);
      w = wv ? 1 : 0;
      if (rec['cycle'] !== undefined) c = parseCycle(rec['cycle'], lineNo);
    } else {
      const tok = s.split(/\s+/);
      if (tok.length < 2 || tok.length > 3) throw new DramTraceError(lineNo, `expected "0xADDR READ|WRITE [cycle]", got ${JSON.stringify(s.slice(0, 60))}`);
      a = parseAddress(tok[0]!, lineNo);
      const cmd = tok[1]!.toUpperCase();
      if (cmd === 'READ' || cmd === 'RD' || cmd === 'R') w = 0;
      else if (cmd === 'WRITE' || cmd === 'WR' || cmd === 'W') w = 1;
      else throw new DramTraceError(lineNo, `expected READ or WRITE, got ${JSON.stringify(tok[1])}`);
      if (tok.length === 3) c = parseCycle(tok[2], lineNo);
    }
    if (a % limits.alignBytes !== 0) throw new DramTraceError(lineNo, `expected an address aligned to the ${limits.alignBytes}-byte burst, got 0x${a.toString(16)}`);
    if (a >= limits.capacityBytes) throw new DramTraceError(lineNo, `expected an address below the memory's capacity 0x${limits.capacityBytes.toString(16)} (${limits.capacityBytes} bytes), got 0x${a.toString(16)}`);
    if (c >= 0) {
      if (c < lastCycle) throw new DramTraceError(lineNo, `expected cycles that do not decrease, got ${c} after ${lastCycle}`);
      lastCycle = c;
    }
    if (n === cap) {
      cap *= 2;
      const a2 = new Float64Array(cap);
      a2.set(addr);
      addr = a2;
      const w2 = new Uint8Array(cap);
      w2.set(write);
      write = w2;
      const c2 = new Float64Array(cap);
      c2.set(cycle);
      cycle = c2;
    }
    addr[n] = a;
    write[n] = w;
    cycle[n] = c;
    n++;
  }
  return { length: n, addr: addr.subarray(0, n), write: write.subarray(0, n), cycle: cycle.subarray(0, n) };
}

/** Writes a trace in DRAMsim3's format (one `0xADDR READ|WRITE cycle` line per request). */
export function formatDramTrace(trace: DramTrace): string {
  const lines: string[] = [];
  for (let i = 0; i < trace.length; i++) {
    const c = trace.cycle[i]!;
    lines.push(`0x${trace.addr[i]!.toString(16)} ${trace.write[i] ? 'WRITE' : 'READ'}${c >= 0 ? ` ${c}` : ''}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
