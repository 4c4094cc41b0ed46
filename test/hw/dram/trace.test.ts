import { describe, it, expect } from 'vitest';
import { resolveDramStandard } from '../../../src/hw/dram/standards.js';
import { DramTraceError, formatDramTrace, parseDramTrace } from '../../../src/hw/dram/trace.js';
import { runDramTrace } from '../../../src/hw/dram/trace-replay.js';

const LIMITS = { alignBytes: 64, capacityBytes: 8 * 2 ** 30 }; // one DDR4-2400 channel
const CK = 833;

/** The DramTraceError a parse throws (fails the test when it does not throw). */
function parseError(text: string): DramTraceError {
  try {
    parseDramTrace(text, LIMITS);
  } catch (e) {
    expect(e).toBeInstanceOf(DramTraceError);
    return e as DramTraceError;
  }
  throw new Error('expected a DramTraceError');
}

describe('memory trace parsing', () => {
  it('reads DRAMsim3 lines (hex or decimal address, READ/WRITE, optional cycle), comments and blank lines', () => {
    const t = parseDramTrace('# a comment\n0x40 READ 10\n\n128 write\n0X1000 rd 12\n0x80 WR 12\n', LIMITS);
    expect(t.length).toBe(4);
    expect([...t.addr]).toEqual([64, 128, 4096, 128]);
    expect([...t.write]).toEqual([0, 1, 0, 1]);
    expect([...t.cycle]).toEqual([10, -1, 12, 12]);
  });

  it('reads JSON Lines, with addr as a number or a hex string, and mixes with DRAMsim3 lines', () => {
    const t = parseDramTrace('{"addr": 64, "write": false, "cycle": 3}\n{"addr": "0x100", "write": true}\n0x140 READ\n', LIMITS);
    expect([...t.addr]).toEqual([64, 256, 320]);
    expect([...t.write]).toEqual([0, 1, 0]);
    expect([...t.cycle]).toEqual([3, -1, -1]);
  });

  it('round-trips through the DRAMsim3 writer', () => {
    const text = '0x40 READ 10\n0x80 WRITE 11\n0xc0 READ\n';
    expect(formatDramTrace(parseDramTrace(text, LIMITS))).toBe(text);
  });

  it('names the line of an unparseable, misaligned or out-of-range request', () => {
    expect(parseError('0x40 READ\n0x80 FETCH\n')).toMatchObject({ line: 2, expected: expect.stringMatching(/expected READ or WRITE, got "FETCH"/) });
    expect(parseError('0x40 READ\nhello\n').line).toBe(2);
    expect(parseError('0xZZ READ').expected).toMatch(/address in hex/);
    expect(parseError('0x40 READ 1 2').expected).toMatch(/0xADDR READ\|WRITE \[cycle\]/);
    expect(parseError('\n\n0x41 READ\n')).toMatchObject({ line: 3, expected: expect.stringMatching(/aligned to the 64-byte burst, got 0x41/) });
    expect(parseError('0x200000000 READ\n').expected).toMatch(/below the memory's capacity 0x200000000/);
    expect(parseError('0x40 READ 10\n0x80 READ 9\n')).toMatchObject({ line: 2, expected: expect.stringMatching(/do not decrease, got 9 after 10/) });
    expect(parseError('0x40 READ -1').expected).toMatch(/cycle/);
    expect(parseError('{"addr": 64, "write": false, "size": 4}').expected).toMatch(/unknown key "size"/);
    expect(parseError('{"addr": 64, "write": "yes"}').expected).toMatch(/"write" to be true or false/);
    expect(parseError('{"addr": 64, "write": false').expected).toMatch(/malformed JSON/);
    expect(new DramTraceError(7, 'x').message).toBe('line 7: x');
  });

  it('accepts an empty trace', () => {
    expect(parseDramTrace('', LIMITS).length).toBe(0);
    expect(parseDramTrace('# nothing\n', LIMITS).length).toBe(0);
  });
});

describe('trace replay', () => {
  const standard = resolveDramStandard('DDR4-2400');

  it('issues at the given cycles: two reads far apart each take the unloaded latency; a row hit tCL + burst', () => {
    // 0x0: bank group 0, row 0; 0x100: bank group 0, column 8 of the same row (a hit); 0x20000: bank 0 row 1 (conflict).
    const t = parseDramTrace('0x0 READ 0\n0x100 READ 100\n0x20000 READ 200\n', LIMITS);
    const r = runDramTrace({ standard, channels: 1 }, t);
    // Latencies: (16 + 16 + 4), (16 + 4), (16 + 16 + 16 + 4) tCK: ACT+RD, hit, PRE+ACT+RD.
    expect(r.latencyPs.max).toBe(52 * CK);
    expect(r.latencyPs.p50).toBe(36 * CK);
    expect(r.latencyPs.mean).toBeCloseTo(((36 + 20 + 52) * CK) / 3, 6);
    expect(r.rowHitRate).toBeCloseTo(1 / 3, 12);
    expect(r.startPs).toBe(0);
    expect(r.endPs).toBe((200 + 52) * CK);
    expect(r.bytesPerSecond).toBeCloseTo((3 * 64) / ((252 * CK) * 1e-12), 0);
    expect(r.requests).toBe(3);
    expect(r.reads).toBe(3);
  });

  it('counts queueing delay in the latency of a burst of back-to-back requests', () => {
    const lines = Array.from({ length: 8 }, (_, i) => `0x${(i * 64).toString(16)} READ 0`).join('\n');
    const r = runDramTrace({ standard, channels: 1 }, parseDramTrace(lines, LIMITS));
    // Bank groups 0..3 then again: ACTs 0, 4, 8, 12; RDs 16, 20, 24, 28, 32, 36, 40, 44; done RD + 20.
    expect(r.latencyPs.max).toBe(64 * CK);
    expect(r.latencyPs.p50).toBe(48 * CK); // latencies 36, 40, …, 64: the 4th of 8 (nearest rank)
    expect(r.rowHitRate).toBe(0.5);
  });

  it('a write-only trace reports writes and the data-bus bandwidth', () => {
    const lines = Array.from({ length: 64 }, (_, i) => `0x${(i * 64).toString(16)} WRITE`).join('\n');
    const r = runDramTrace({ standard, channels: 1 }, parseDramTrace(lines, LIMITS));
    expect(r.writes).toBe(64);
    expect(r.actions['dram.ch0']).toMatchObject({ wr: 64, 'wr.io': 64, rd: 0 });
  });
});
