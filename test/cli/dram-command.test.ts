import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/design/design-error.js';
import { dramCommand, runDramCommand, type DramCommandResult } from '../../src/cli/dram-command.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-dram-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function run(args: Record<string, unknown>): { out: string; result: DramCommandResult } {
  let out = '';
  const result = runDramCommand(args, { stdout: (t) => (out += t) });
  return { out, result };
}

function inputError(args: Record<string, unknown>): string {
  try {
    run(args);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected an InputError');
}

// DDR4-2400, tCK 833 ps, 16-16-16, BL8 (4 tCK): an idle-bank read takes 36 tCK, a row hit 20, a conflict 52.
const CK = 833;
const THREE = file('three.trc', '0x0 READ 0\n0x100 READ 100\n0x20000 READ 200\n');

describe('ternsim dram', () => {
  it('replays a DRAMsim3 trace and reports bandwidth, latency percentiles, row-hit rate, energy and power', () => {
    const { out, result: r } = run({ standard: 'DDR4-2400', trace: THREE, json: true });
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(r)));
    expect(r).toMatchObject({ standard: 'DDR4-2400', channels: 1, mapping: 'RoBaCoBgCh', pagePolicy: 'open', refresh: 'all-bank', requests: 3, reads: 3, writes: 0, requestBytes: 64 });
    expect(r.latencyNs.p50).toBeCloseTo((36 * CK) / 1000, 9);
    expect(r.latencyNs.max).toBeCloseTo((52 * CK) / 1000, 9);
    expect(r.latencyNs.mean).toBeCloseTo(((36 + 20 + 52) * CK) / 3000, 9);
    expect(r.rowHitRate).toBeCloseTo(1 / 3, 12);
    expect(r.timeNs).toBeCloseTo((252 * CK) / 1000, 9);
    expect(r.bandwidthBytesPerSecond).toBeCloseTo(192 / (252 * CK * 1e-12), 0);
    expect(r.peakBytesPerSecond).toBeCloseTo(16e12 / 833, 0);
    // Energy: 2 ACTs, 3 reads, 3 bursts of I/O and the background; power = energy / time from 0.
    expect(r.energy.pJ.total).toBeGreaterThan(r.energy.pJ.act + r.energy.pJ.rd);
    expect(r.energy.watts).toBeCloseTo(r.energy.pJ.total / (252 * CK), 9);
  });

  it('prints a readable summary without --json', () => {
    const { out } = run({ standard: 'HBM2-2.0', trace: file('jsonl.trc', '{"addr": 0, "write": false}\n{"addr": "0x40", "write": true, "cycle": 50}\n') });
    expect(out).toMatch(/^HBM2-2\.0 · 1 channel · RoBaCoBgCh · open page · all-bank refresh · /);
    expect(out).toMatch(/\n {2}requests {6}2 \(1 reads, 1 writes\) of 64 B\n/);
    expect(out).toMatch(/\n {2}bandwidth {5}\S+ \S+ \(\d+\.\d% of 32 GB\/s peak\)\n/);
    expect(out).toMatch(/\n {2}latency {7}mean \S+ ns · p50 \S+ · p95 \S+ · p99 \S+ · max \S+ ns\n/);
    expect(out).toMatch(/\n {2}row-hit rate {2}\d+\.\d%\n/);
    expect(out).toMatch(/\n {2}energy {8}\S+ nJ: activate .*pJ\/bit\n {2}power {9}\S+ W\n$/);
  });

  it('takes channels, mapping (CamelCase or DRAMsim3), page policy, refresh and queue options', () => {
    const seq = file('seq.trc', Array.from({ length: 256 }, (_, i) => `0x${(i * 64).toString(16)} READ`).join('\n'));
    const a = run({ standard: 'DDR4-2400', trace: seq, channels: '2', mapping: 'rochrababgco', page: 'closed', queue: '16', 'write-queue': '8', 'power-down': '20' }).result;
    expect(a).toMatchObject({ channels: 2, mapping: 'rochrababgco', pagePolicy: 'closed', requests: 256 });
    expect(Object.keys(a.actions).sort()).toEqual(['dram.ch0', 'dram.ch1']);
    const b = run({ standard: 'LPDDR4-3200', trace: file('lp.trc', '0x0 READ\n0x20 READ\n'), refresh: 'all-bank' }).result;
    expect(b.refresh).toBe('all-bank');
    expect(run({ standard: 'LPDDR4-3200', trace: file('lp2.trc', '0x0 READ\n') }).result.refresh).toBe('per-bank');
  });

  it('runs as a yargs CommandModule, handing its work to the CLI', () => {
    let work: ((io: { stdout: (t: string) => void }) => void) | null = null;
    yargs().command(dramCommand((w) => (work = w))).strict().exitProcess(false).parse(['dram', 'DDR4-2400', '--trace', THREE, '--json']);
    expect(work).not.toBeNull();
    let out = '';
    work!({ stdout: (t) => (out += t) });
    expect(JSON.parse(out).requests).toBe(3);
  });

  it('names the trace file and line of a bad request', () => {
    const bad = file('bad.trc', '0x0 READ\n0x40 FETCH\n');
    expect(inputError({ standard: 'DDR4-2400', trace: bad })).toBe(`${bad}: line 2: expected READ or WRITE, got "FETCH"`);
    const mis = file('mis.trc', '0x0 READ\n\n0x44 WRITE 3\n');
    expect(inputError({ standard: 'DDR4-2400', trace: mis })).toBe(`${mis}: line 3: expected an address aligned to the 64-byte burst, got 0x44`);
    const far = file('far.trc', '0x200000000 READ\n');
    expect(inputError({ standard: 'DDR4-2400', trace: far })).toMatch(/far\.trc: line 1: expected an address below the memory's capacity 0x200000000/);
    // Two channels double the capacity: the same address is then fine.
    expect(run({ standard: 'DDR4-2400', trace: far, channels: '2' }).result.requests).toBe(1);
    const garbage = file('garbage.trc', 'hello world\n');
    expect(inputError({ standard: 'DDR4-2400', trace: garbage })).toMatch(/garbage\.trc: line 1: expected an address in hex/);
    expect(inputError({ standard: 'DDR4-2400', trace: file('empty.trc', '# nothing\n') })).toMatch(/expected at least one request/);
    expect(inputError({ standard: 'DDR4-2400', trace: join(dir, 'missing.trc') })).toMatch(/missing\.trc: no such trace file/);
  });

  it('names bad options', () => {
    expect(inputError({ standard: 'DDR9-9999', trace: THREE })).toMatch(/^command line: <standard>: expected one of DDR4-2400, .*HBM3-6\.4, got "DDR9-9999"$/);
    expect(inputError({ standard: 'DDR4-2400', trace: THREE, channels: '0' })).toBe('command line: --channels: expected an integer from 1 to 1024, got "0"');
    expect(inputError({ standard: 'DDR4-2400', trace: THREE, mapping: 'RoBaCo' })).toMatch(/^command line: --mapping: invalid DRAM address mapping "RoBaCo"/);
    expect(inputError({ standard: 'DDR4-2400', trace: THREE, refresh: 'per-bank' })).toBe('command line: --refresh: expected all-bank: DDR4-2400 has no per-bank refresh');
    expect(inputError({ standard: 'DDR4-2400', trace: THREE, page: 'half' })).toMatch(/--page: expected one of open, closed/);
    expect(inputError({ standard: 'DDR4-2400', trace: THREE, interleave: '96' })).toMatch(/--interleave: .*multiple of the burst/);
  });
});
