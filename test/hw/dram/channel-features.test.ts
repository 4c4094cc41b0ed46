import { describe, it, expect } from 'vitest';
import { Simulator } from '../../../src/engine/simulator.js';
import { Stats } from '../../../src/engine/stats.js';
import { DramSystem, type DramSystemConfig } from '../../../src/hw/dram/dram-system.js';
import type { DramCommand } from '../../../src/hw/dram/channel.js';
import { resolveDramStandard, type DramOrganizationOverrides } from '../../../src/hw/dram/standards.js';
import { Prng } from '../../../src/dse/prng.js';
import { runRequestMix } from '../../helpers/request-mix.js';

// Expected times are worked out by hand from the JEDEC cycle counts (FACTS.md §4 and the presets' sources):
// DDR4-2400: tCK 833 ps, CL-tRCD-tRP-tRAS 16-16-16-39, BL8 = 4 tCK, tCCD_S 4, tRRD_S 4, tRTRS 2, tXP 8, tCKE 6.
// HBM2-2.0(-PC): tCK 1000 ps, 14-14-14-34, BL4 = 2 tCK, separate row/column buses shared by the pseudo-channels.
// GDDR6-14: tCK 571 ps, tRCDRD 26, tRCDWR 16, CL 24, CWL 6, BL16 / 8 = 2 tCK.
// LPDDR4-3200: tCK 625 ps, tREFIpb 780, tRFCpb 224, 8 banks.
const CK = 833;

interface Coord {
  rank?: number;
  pseudoChannel?: number;
  bankGroup: number;
  bank: number;
  row: number;
  column?: number;
}

function env(standard: string, cfg: Partial<DramSystemConfig> = {}, org: DramOrganizationOverrides = {}) {
  const sim = new Simulator();
  const stats = new Stats();
  const cmds: { cmd: DramCommand; t: number; bg: number; bank: number; unit: number }[] = [];
  const dram = new DramSystem(sim, stats, {
    standard: resolveDramStandard(standard, {}, org),
    channels: 1,
    onCommand: (_ch, cmd, t, bg, bank, _row, unit) => cmds.push({ cmd, t, bg, bank, unit }),
    ...cfg,
  });
  const access = (timePs: number, c: Coord, write = false): { done: number } => {
    const rec = { done: -1 };
    const addr = dram.mapper.encode({ channel: 0, pseudoChannel: 0, rank: 0, column: 0, ...c });
    sim.at(timePs, () => {
      expect(dram.tryIssue({ addr, bytes: dram.burstBytes, write, onDone: (t) => (rec.done = t) })).toBe(true);
    });
    return rec;
  };
  const times = (cmd: DramCommand): number[] => cmds.filter((c) => c.cmd === cmd).map((c) => c.t);
  return { sim, stats, dram, cmds, access, times, ch0: () => stats.actions()['dram.ch0']! };
}

describe('separate tRCDWR (GDDR6)', () => {
  it('an unloaded write takes (tRCDWR + CWL + burst) × tCK, a read (tRCDRD + CL + burst) × tCK', () => {
    const e = env('GDDR6-14');
    const w = e.access(0, { bankGroup: 0, bank: 0, row: 1 }, true);
    const r = e.access(0, { bankGroup: 1, bank: 0, row: 1 });
    e.sim.run();
    expect(w.done).toBe((16 + 6 + 2) * 571);
    // Second ACT one tCK later (one command bus), tRRD_S 7 later: ACT at 7, RD at 7 + 26.
    expect(r.done).toBe((7 + 26 + 24 + 2) * 571);
  });
});

describe('ranks (DDR4 dual rank)', () => {
  it('reads of two ranks are separated by the data burst plus tRTRS; each rank has its own tRRD', () => {
    const e = env('DDR4-2400', {}, { ranks: 2 });
    const a = e.access(0, { rank: 0, bankGroup: 0, bank: 0, row: 1 });
    const b = e.access(0, { rank: 1, bankGroup: 0, bank: 0, row: 1 });
    e.sim.run();
    // ACTs at 0 and 1 (one command bus; tRRD is per rank). RD rank 0 at 16, data 32..36.
    // RD rank 1: its data may start at 36 + tRTRS 2 = 38, so RD at 38 − CL 16 = 22 (not 17).
    expect(e.times('ACT')).toEqual([0, CK]);
    expect(e.times('RD')).toEqual([16 * CK, 22 * CK]);
    expect(a.done).toBe(36 * CK);
    expect(b.done).toBe((22 + 20) * CK);
    expect(e.cmds.map((c) => c.unit)).toEqual([0, 1, 0, 1]);
  });

  it('tFAW is per rank: five ACTs over two ranks do not wait for the window', () => {
    const e = env('DDR4-2400', {}, { ranks: 2 });
    for (const [rank, bg] of [[0, 0], [0, 1], [0, 2], [0, 3], [1, 0]] as const) e.access(0, { rank, bankGroup: bg, bank: 0, row: 0 });
    e.sim.run();
    // Rank 0: 0, 4, 8, 12 (tRRD_S); rank 1's ACT takes the first free command slot: 1.
    expect(e.times('ACT')).toEqual([0, 1, 4, 8, 12].map((c) => c * CK));
  });
});

describe('HBM2 pseudo-channels', () => {
  it('two pseudo-channels share the row and column command buses but have their own banks and data buses', () => {
    const e = env('HBM2-2.0-PC');
    const a = e.access(0, { pseudoChannel: 0, bankGroup: 0, bank: 0, row: 3 });
    const b = e.access(0, { pseudoChannel: 1, bankGroup: 0, bank: 0, row: 3 });
    e.sim.run();
    expect(e.times('ACT')).toEqual([0, 1000]); // one row command per tCK
    expect(e.times('RD')).toEqual([14000, 15000]); // tRCD after each
    expect(a.done).toBe((14 + 14 + 2) * 1000);
    expect(b.done).toBe((15 + 14 + 2) * 1000);
    expect(e.dram.peakBytesPerSecond).toBe(32e9); // 2 × 64 bit × 2 per ns
  });

  it('a mapping that leaves one pseudo-channel idle delivers at most half the peak (the classic HBM mis-set)', () => {
    const run = (mapping?: string) => {
      const e = env('HBM2-2.0-PC', mapping ? { mapping } : {});
      let next = 0;
      let last = 0;
      const n = 4096;
      const pump = (): void => {
        while (next < n) {
          if (!e.dram.tryIssue({ addr: next * 32, bytes: 32, write: false, onDone: (t) => (last = Math.max(last, t)) })) return e.dram.whenReady(pump);
          next++;
        }
      };
      e.sim.at(0, pump);
      e.sim.run();
      return (n * 32) / (last * 1e-12) / 32e9;
    };
    expect(run()).toBeGreaterThan(0.9);
    expect(run('PcRoBaCoBgCh')).toBeLessThanOrEqual(0.5);
  });
});

describe('row-hit counting and row-open residency', () => {
  it('counts a miss for the access that activated the row and hits for the rest', () => {
    const e = env('DDR4-2400');
    e.access(0, { bankGroup: 0, bank: 0, row: 1, column: 0 });
    e.access(0, { bankGroup: 0, bank: 0, row: 1, column: 8 });
    e.access(0, { bankGroup: 0, bank: 0, row: 2, column: 0 });
    e.sim.run();
    expect(e.ch0()).toMatchObject({ hit: 1, miss: 2, act: 2, rd: 3 });
  });

  it('rowOpen counts the time any bank is open: until finish with open page, until the auto-precharge with closed page', () => {
    const open = env('DDR4-2400');
    open.access(0, { bankGroup: 0, bank: 0, row: 1 });
    open.sim.run();
    open.dram.finish(1000 * CK);
    expect(open.ch0()['rowOpen']).toBe(1000 * CK);
    const closed = env('DDR4-2400', { pagePolicy: 'closed' });
    closed.access(0, { bankGroup: 0, bank: 0, row: 1 });
    closed.sim.run();
    closed.dram.finish(1000 * CK);
    expect(closed.ch0()['rowOpen']).toBe(39 * CK); // ACT at 0, auto-precharge at tRAS
  });
});

describe('power-down', () => {
  it('an idle rank powers down after the idle threshold and the next command waits tXP', () => {
    const e = env('DDR4-2400', { powerDownIdleCycles: 10 });
    e.access(0, { bankGroup: 0, bank: 0, row: 1, column: 0 });
    const T = 5000 * CK;
    const hit = e.access(T, { bankGroup: 0, bank: 0, row: 1, column: 8 });
    e.sim.run();
    // First read: data to 36; idle from 36, powered down from 46 (row open: active power-down) to T.
    // The row hit then issues at T + tXP 8 and completes CL + burst later.
    expect(hit.done - T).toBe((8 + 16 + 4) * CK);
    expect(e.ch0()['actPdn']).toBe(T - 46 * CK);
    expect(e.ch0()['prePdn']).toBe(0);
    // After the second read (idle from T + 28, down from T + 38) with a refresh due at 9364: it
    // leaves power-down for it (tXP + tRFC cut), and the banks are closed then.
    const end = 20000 * CK;
    e.dram.finish(end);
    const ref = e.ch0()['ref']!;
    expect(ref).toBe(2); // due at 9364 and 18728
    expect(e.ch0()['prePdn']).toBe(end - (T + 38 * CK) - ref * (8 + 420) * CK);
  });

  it('without power-down no residency counters exist and timing is unchanged', () => {
    const e = env('DDR4-2400');
    e.access(0, { bankGroup: 0, bank: 0, row: 1, column: 0 });
    const hit = e.access(5000 * CK, { bankGroup: 0, bank: 0, row: 1, column: 8 });
    e.sim.run();
    expect(hit.done - 5000 * CK).toBe(20 * CK);
    expect(e.ch0()['actPdn']).toBeUndefined();
  });
});

describe('write queue with watermarks', () => {
  const wq = { writeQueue: { depth: 8, highWatermark: 6, lowWatermark: 2 } };
  it('holds writes while reads wait, and drains them when no read is left', () => {
    const e = env('DDR4-2400', wq);
    for (let k = 0; k < 4; k++) e.access(0, { bankGroup: k, bank: 0, row: 1 });
    for (let k = 0; k < 4; k++) e.access(0, { bankGroup: k, bank: 1, row: 1 }, true);
    e.sim.run();
    const cols = e.cmds.filter((c) => c.cmd === 'RD' || c.cmd === 'WR').map((c) => c.cmd);
    // With 4 < 6 writes queued they wait for the reads, then drain as no read is left.
    expect(cols).toEqual(['RD', 'RD', 'RD', 'RD', 'WR', 'WR', 'WR', 'WR']);
  });

  it('a write arriving at an idle channel starts a drain that runs to the low watermark (Ramulator 2 policy)', () => {
    const e = env('DDR4-2400', wq);
    for (let k = 0; k < 4; k++) e.access(0, { bankGroup: k, bank: 1, row: 1 }, true);
    for (let k = 0; k < 4; k++) e.access(0, { bankGroup: k, bank: 0, row: 1 });
    e.sim.run();
    const cols = e.cmds.filter((c) => c.cmd === 'RD' || c.cmd === 'WR').map((c) => c.cmd);
    expect(cols).toEqual(['WR', 'WR', 'RD', 'RD', 'RD', 'RD', 'WR', 'WR']);
  });

  it('drains writes first once the high watermark is reached, down to the low watermark', () => {
    const e = env('DDR4-2400', wq);
    for (let k = 0; k < 6; k++) e.access(0, { bankGroup: k % 4, bank: 1 + (k >> 2), row: 1 }, true);
    for (let k = 0; k < 2; k++) e.access(0, { bankGroup: k, bank: 0, row: 1 });
    e.sim.run();
    const cols = e.cmds.filter((c) => c.cmd === 'RD' || c.cmd === 'WR').map((c) => c.cmd);
    // 6 ≥ high: drain until 2 ≤ low with reads waiting, then the reads, then the last writes.
    expect(cols).toEqual(['WR', 'WR', 'WR', 'WR', 'RD', 'RD', 'WR', 'WR']);
  });

  it('refuses writes only when the write queue is full', () => {
    const e = env('DDR4-2400', { queueDepth: 2, ...wq });
    const results: boolean[] = [];
    e.sim.at(0, () => {
      for (let k = 0; k < 9; k++) results.push(e.dram.tryIssue({ addr: k * 64 * 4 * 128 * 4, bytes: 64, write: true, onDone: () => {} }));
      results.push(e.dram.tryIssue({ addr: 64, bytes: 64, write: false, onDone: () => {} }));
    });
    e.sim.run();
    expect(results).toEqual([true, true, true, true, true, true, true, true, false, true]);
  });
});

describe('per-bank refresh', () => {
  it('an idle LPDDR4 channel refreshes one bank every tREFIpb, each bank once per round', () => {
    const e = env('LPDDR4-3200');
    e.dram.finish(8 * 780 * 625 * 3); // three rounds
    const refs = e.cmds.filter((c) => c.cmd === 'REFpb');
    expect(refs.length).toBe(24);
    expect(refs.map((c) => c.t)).toEqual(Array.from({ length: 24 }, (_, k) => (k + 1) * 780 * 625));
    for (let round = 0; round < 3; round++) expect(new Set(refs.slice(8 * round, 8 * round + 8).map((c) => c.bank)).size).toBe(8);
    expect(e.ch0()['ref']).toBe(0);
  });

  it('after a long idle time, a read on 2 pseudo-channels waits at most one tRFCpb: the refreshes both owe stay at their due times', () => {
    const std = resolveDramStandard('HBM2-2.4');
    const latencies: number[] = [];
    const sim = new Simulator();
    const dram = new DramSystem(sim, new Stats(), { standard: std, channels: 1 });
    expect(dram.channels[0]!.units).toBe(2);
    expect(dram.channels[0]!.refreshMode).toBe('per-bank');
    for (const t0 of [0, 1e9, 1e10]) sim.at(t0, () => dram.tryIssue({ addr: 0, bytes: 64, write: false, onDone: (t) => latencies.push(t - t0) }));
    sim.run();
    const unloaded = latencies[0]!;
    // Idle 1 ms and 10 ms (thousands of owed refreshes per pseudo-channel): the same unloaded read,
    // delayed at most by the one refresh that may be under way (was 41 µs and 372 µs: the second
    // pseudo-channel's owed refreshes were all placed after the first's, past the gap).
    for (const l of latencies.slice(1)) {
      expect(l).toBeGreaterThanOrEqual(unloaded - std.timing.tCK);
      expect(l).toBeLessThanOrEqual(unloaded + std.timing.tRFCpb * std.timing.tCK);
    }
  });

  it('counts refreshes in closed form over a long idle time', () => {
    const e = env('LPDDR4-3200', { onCommand: undefined });
    e.dram.finish(1e9); // 1 ms
    expect(e.ch0()['refpb']).toBe(Math.floor(1e9 / (780 * 625))); // 2051
  });

  it('refreshes an idle bank while a stream uses another, without stalling it', () => {
    const e = env('LPDDR4-3200');
    // Row hits to bank 0 spread over two refresh intervals.
    const recs = [];
    for (let k = 0; k < 40; k++) recs.push(e.access(k * 40 * 625, { bankGroup: 0, bank: 0, row: 1, column: (k % 64) * 16 }));
    e.sim.run();
    const refs = e.cmds.filter((c) => c.cmd === 'REFpb');
    expect(refs.length).toBe(2); // at 780 and 1560 tCK
    expect(refs.every((c) => c.bank !== 0)).toBe(true);
    // Every row hit after the first: (CL 28 + burst 8) tCK, one tCK more when a REFpb took the command slot.
    const lat = recs.slice(1).map((r, k) => (r.done - (k + 1) * 40 * 625) / 625);
    expect(lat.filter((l) => l === 36).length).toBe(38);
    expect(Math.max(...lat)).toBe(37);
  });

  it('every request completes when an idle channel is woken for a bank due for its refresh (500 seeded request mixes, with and without power-down)', () => {
    // A request to the bank next in line for REFpb that could only issue after the refresh came due
    // (waiting out tXP after power-down, or a one-burst queue's order) scheduled no wake-up for that
    // refresh on an idle channel: it waited until some later request woke the channel, or forever
    // (11 of these seeds lost requests: 119, 124, 238, 244, 477 and 495 without power-down; 239,
    // 261, 375, 452 and 469 with it).
    const incomplete: number[] = [];
    for (let seed = 1; seed <= 500; seed++) {
      const rng = new Prng(seed);
      const pd = rng.next() < 0.5;
      const e = env('LPDDR4-3200', { queueDepth: 1, onCommand: undefined, ...(pd ? { powerDownIdleCycles: 16 } : {}) });
      const mix = { requests: 20, spans: [1 << 20], sizes: [64, 256, 1024], writeFraction: 0, pauseChance: 0.3, maxPauseSteps: 2000, pauseStepPs: 625, retriesRefused: true };
      const { planned, completed } = runRequestMix(e.sim, e.dram, rng, mix);
      if (completed !== planned) incomplete.push(seed);
    }
    expect(incomplete).toEqual([]);
  });

  it('is refused for a standard without it', () => {
    expect(() => env('DDR4-2400', { refresh: 'per-bank' })).toThrow(/no per-bank refresh/);
  });
});
