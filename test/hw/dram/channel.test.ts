import { describe, it, expect } from 'vitest';
import { Simulator } from '../../../src/engine/simulator.js';
import { Stats } from '../../../src/engine/stats.js';
import { DramSystem, type DramSystemConfig } from '../../../src/hw/dram/dram-system.js';
import type { DramCommand } from '../../../src/hw/dram/channel.js';
import { resolveDramStandard, type DramTimingOverrides } from '../../../src/hw/dram/standards.js';

// Every expected time below is worked out by hand from the JEDEC cycle counts in FACTS.md §4:
// DDR4-2400: tCK 833 ps, CL-tRCD-tRP-tRAS 16-16-16-39, tCWL 12, BL8 (4 tCK of data), tCCD 4/6,
//            tRRD 4/6, tFAW 26, tWTR 3/9, tRTP 9, tRFC 420, tREFI 9364.
// HBM2-2.0:  tCK 1000 ps, 14-14-14-34, tCWL 4, BL4 (2 tCK of data).
const DDR4_CK = 833;
const HBM2_CK = 1000;

interface Coord {
  bankGroup: number;
  bank: number;
  row: number;
  column?: number;
}

interface Env {
  sim: Simulator;
  stats: Stats;
  dram: DramSystem;
  cmds: { cmd: DramCommand; t: number; bg: number; bank: number; row: number }[];
}

function env(standard: string, over: DramTimingOverrides = {}, cfg: Partial<DramSystemConfig> = {}): Env {
  const sim = new Simulator();
  const stats = new Stats();
  const cmds: Env['cmds'] = [];
  const dram = new DramSystem(sim, stats, {
    standard: resolveDramStandard(standard, over),
    channels: 1,
    onCommand: (_ch, cmd, t, bg, bank, row) => cmds.push({ cmd, t, bg, bank, row }),
    ...cfg,
  });
  return { sim, stats, dram, cmds };
}

/** Issues a one-burst access at `timePs`; the returned record gets the completion time. */
function access(e: Env, timePs: number, c: Coord, write = false): { done: number } {
  const rec = { done: -1 };
  const addr = e.dram.mapper.encode({ channel: 0, pseudoChannel: 0, rank: 0, column: 0, ...c });
  e.sim.at(timePs, () => {
    const ok = e.dram.tryIssue({
      addr,
      bytes: 64,
      write,
      onDone: (t) => {
        expect(t).toBe(e.sim.now);
        rec.done = t;
      },
    });
    expect(ok).toBe(true);
  });
  return rec;
}

const times = (e: Env, cmd: DramCommand): number[] => e.cmds.filter((c) => c.cmd === cmd).map((c) => c.t);

describe('DRAM channel timing (DDR4-2400)', () => {
  it('unloaded read of an idle closed bank takes (tRCD + tCL + BL/2) × tCK', () => {
    const e = env('DDR4-2400');
    const r = access(e, 0, { bankGroup: 0, bank: 0, row: 5 });
    e.sim.run();
    expect(r.done).toBe((16 + 16 + 4) * DDR4_CK); // 29 988 ps
    expect(times(e, 'ACT')).toEqual([0]);
    expect(times(e, 'RD')).toEqual([16 * DDR4_CK]);
    expect(e.stats.actions()['dram.ch0']).toMatchObject({ act: 1, pre: 0, rd: 1, ref: 0, wr: 0, hit: 0, miss: 1, 'rd.io': 1, 'wr.io': 0 });
    expect(e.stats.busy()['dram.ch0']).toBe(4 * DDR4_CK);
  });

  it('a request arriving between clock edges waits for the next tCK edge', () => {
    const e = env('DDR4-2400');
    const r = access(e, 100, { bankGroup: 1, bank: 2, row: 3 });
    e.sim.run();
    expect(times(e, 'ACT')).toEqual([DDR4_CK]);
    expect(r.done).toBe(DDR4_CK + 36 * DDR4_CK);
  });

  it('unloaded write of an idle closed bank takes (tRCD + tCWL + BL/2) × tCK', () => {
    const e = env('DDR4-2400');
    const w = access(e, 0, { bankGroup: 0, bank: 0, row: 5 }, true);
    e.sim.run();
    expect(w.done).toBe((16 + 12 + 4) * DDR4_CK);
    expect(e.stats.actions()['dram.ch0']!.wr).toBe(1);
  });

  it('a row hit takes (tCL + BL/2) × tCK', () => {
    const e = env('DDR4-2400');
    access(e, 0, { bankGroup: 2, bank: 1, row: 7, column: 0 });
    const hit = access(e, 100 * DDR4_CK, { bankGroup: 2, bank: 1, row: 7, column: 8 });
    e.sim.run();
    expect(hit.done - 100 * DDR4_CK).toBe((16 + 4) * DDR4_CK); // 16 660 ps
    expect(e.stats.actions()['dram.ch0']!.act).toBe(1);
  });

  it('a row conflict adds tRP + tRCD, after tRAS has elapsed', () => {
    const e = env('DDR4-2400');
    access(e, 0, { bankGroup: 0, bank: 3, row: 1 });
    const late = access(e, 100 * DDR4_CK, { bankGroup: 0, bank: 3, row: 2 });
    e.sim.run();
    expect(late.done - 100 * DDR4_CK).toBe((16 + 16 + 16 + 4) * DDR4_CK); // tRP + tRCD + tCL + BL/2
    expect(times(e, 'PRE')).toEqual([100 * DDR4_CK]);
  });

  it('a row conflict right after the ACT waits for tRAS (PRE at 39), then tRP', () => {
    const e = env('DDR4-2400');
    access(e, 0, { bankGroup: 0, bank: 3, row: 1 });
    const second = access(e, 0, { bankGroup: 0, bank: 3, row: 2 });
    e.sim.run();
    // ACT 0, RD 16, PRE max(tRAS 39, RD + tRTP 25) = 39, ACT 39 + 16 = 55 (= tRC), RD 71, data to 91.
    expect(times(e, 'PRE')).toEqual([39 * DDR4_CK]);
    expect(times(e, 'ACT')).toEqual([0, 55 * DDR4_CK]);
    expect(second.done).toBe((39 + 16 + 16 + 16 + 4) * DDR4_CK);
  });

  it('FR-FCFS serves a younger row hit before an older row conflict', () => {
    const e = env('DDR4-2400');
    access(e, 0, { bankGroup: 0, bank: 0, row: 1, column: 0 });
    const conflict = access(e, DDR4_CK, { bankGroup: 0, bank: 0, row: 2 });
    const hit = access(e, 2 * DDR4_CK, { bankGroup: 0, bank: 0, row: 1, column: 8 });
    e.sim.run();
    // Hit: RD at 16 + tCCD_L 6 = 22 → done 42; the conflict waits for it (PRE at tRAS 39, not at 22 + tRTP).
    expect(hit.done).toBe((22 + 20) * DDR4_CK);
    expect(times(e, 'RD')).toEqual([16 * DDR4_CK, 22 * DDR4_CK, (39 + 16 + 16) * DDR4_CK]);
    expect(conflict.done).toBe((39 + 16 + 16 + 20) * DDR4_CK);
  });

  it('among row hits in different banks, the oldest request ready first goes first, not the bank listed first', () => {
    const e = env('DDR4-2400');
    // Rows opened: A (group 0) ACT at 0, B (group 1) ACT at tRRD_S 4; RDs at tRCD: 16 and 20.
    access(e, 0, { bankGroup: 0, bank: 0, row: 1, column: 0 });
    access(e, 0, { bankGroup: 1, bank: 0, row: 1, column: 0 });
    // At 30 a hit to B, then one to A: both ready at 30, so the older (B) goes first, A tCCD_S 4 later.
    access(e, 30 * DDR4_CK, { bankGroup: 1, bank: 0, row: 1, column: 8 });
    access(e, 30 * DDR4_CK, { bankGroup: 0, bank: 0, row: 1, column: 8 });
    // At 40 two hits to A, then one to B: A at 40; A's next waits tCCD_L (46) while B is ready at
    // tCCD_S (44), so the younger B goes at 44 and A at 44 + tCCD_S = 48.
    access(e, 40 * DDR4_CK, { bankGroup: 0, bank: 0, row: 1, column: 16 });
    access(e, 40 * DDR4_CK, { bankGroup: 0, bank: 0, row: 1, column: 24 });
    access(e, 40 * DDR4_CK, { bankGroup: 1, bank: 0, row: 1, column: 16 });
    e.sim.run();
    expect(times(e, 'ACT')).toEqual([0, 4 * DDR4_CK]);
    expect(e.cmds.filter((c) => c.cmd === 'RD').map((c) => [c.t / DDR4_CK, c.bg])).toEqual([
      [16, 0],
      [20, 1],
      [30, 1],
      [34, 0],
      [40, 0],
      [44, 1],
      [48, 0],
    ]);
  });

  it('same bank group column commands are tCCD_L apart; different groups tCCD_S (data bus)', () => {
    const e = env('DDR4-2400');
    const a = access(e, 0, { bankGroup: 0, bank: 0, row: 0, column: 0 });
    const b = access(e, 0, { bankGroup: 0, bank: 0, row: 0, column: 8 });
    e.sim.run();
    expect(b.done - a.done).toBe(6 * DDR4_CK);

    const f = env('DDR4-2400');
    access(f, 0, { bankGroup: 0, bank: 0, row: 0 });
    access(f, 0, { bankGroup: 1, bank: 0, row: 0 });
    access(f, 0, { bankGroup: 0, bank: 0, row: 0, column: 8 });
    f.sim.run();
    // ACTs at 0 and tRRD_S = 4; RD bg0 at 16, RD bg1 at 20 (tCCD_S), RD bg0 again at 22 (tCCD_L after 16).
    expect(times(f, 'ACT')).toEqual([0, 4 * DDR4_CK]);
    expect(times(f, 'RD')).toEqual([16 * DDR4_CK, 20 * DDR4_CK, 24 * DDR4_CK]);
  });

  it('tRRD_L separates ACTs in one bank group', () => {
    const e = env('DDR4-2400');
    access(e, 0, { bankGroup: 2, bank: 0, row: 0 });
    access(e, 0, { bankGroup: 2, bank: 1, row: 0 });
    e.sim.run();
    expect(times(e, 'ACT')).toEqual([0, 6 * DDR4_CK]);
  });

  it('tFAW: the 5th ACT waits until tFAW after the 1st', () => {
    const e = env('DDR4-2400');
    const banks: Coord[] = [
      { bankGroup: 0, bank: 0, row: 0 },
      { bankGroup: 1, bank: 0, row: 0 },
      { bankGroup: 2, bank: 0, row: 0 },
      { bankGroup: 3, bank: 0, row: 0 },
      { bankGroup: 0, bank: 1, row: 0 },
    ];
    const recs = banks.map((c) => access(e, 0, c));
    e.sim.run();
    // ACTs tRRD_S = 4 apart: 0, 4, 8, 12; the 5th: max(12 + tRRD_S, 0 + tRRD_L, 0 + tFAW 26) = 26.
    expect(times(e, 'ACT')).toEqual([0, 4, 8, 12, 26].map((c) => c * DDR4_CK));
    expect(recs[4]!.done).toBe((26 + 16 + 16 + 4) * DDR4_CK);

    // Without the window the 5th ACT would go at 16 — where the first RD (a row hit, first) takes the bus: 17.
    const f = env('DDR4-2400', { tFAW: 0 });
    banks.forEach((c) => access(f, 0, c));
    f.sim.run();
    expect(times(f, 'ACT')).toEqual([0, 4, 8, 12, 17].map((c) => c * DDR4_CK));
  });

  it('write-to-read (same bank group) waits tCWL + BL/2 + tWTR_L; read-to-write waits tRTW', () => {
    const e = env('DDR4-2400');
    const w = access(e, 0, { bankGroup: 0, bank: 0, row: 0, column: 0 }, true);
    const r = access(e, 0, { bankGroup: 0, bank: 0, row: 0, column: 8 });
    e.sim.run();
    expect(w.done).toBe((16 + 12 + 4) * DDR4_CK);
    expect(r.done).toBe((16 + 12 + 4 + 9 + 16 + 4) * DDR4_CK);

    const f = env('DDR4-2400');
    const r2 = access(f, 0, { bankGroup: 0, bank: 0, row: 0, column: 0 });
    const w2 = access(f, 0, { bankGroup: 0, bank: 0, row: 0, column: 8 }, true);
    f.sim.run();
    expect(r2.done).toBe(36 * DDR4_CK);
    expect(w2.done).toBe((16 + (16 + 4 + 2 - 12) + 12 + 4) * DDR4_CK); // WR at tRCD + tRTW
  });

  it('closed page: the row is auto-precharged, so the next access to it activates again', () => {
    const e = env('DDR4-2400', {}, { pagePolicy: 'closed' });
    access(e, 0, { bankGroup: 0, bank: 0, row: 4, column: 0 });
    const again = access(e, 100 * DDR4_CK, { bankGroup: 0, bank: 0, row: 4, column: 8 });
    e.sim.run();
    expect(times(e, 'PRE')).toEqual([39 * DDR4_CK, (100 + 39) * DDR4_CK]); // at ACT + tRAS
    expect(again.done - 100 * DDR4_CK).toBe(36 * DDR4_CK);
    expect(e.stats.actions()['dram.ch0']).toMatchObject({ act: 2, pre: 2, rd: 2 });
  });

  it('closed page keeps the row open for queued hits', () => {
    const e = env('DDR4-2400', {}, { pagePolicy: 'closed' });
    access(e, 0, { bankGroup: 0, bank: 0, row: 4, column: 0 });
    access(e, 0, { bankGroup: 0, bank: 0, row: 4, column: 8 });
    e.sim.run();
    expect(e.stats.actions()['dram.ch0']).toMatchObject({ act: 1, pre: 1, rd: 2 });
  });
});

describe('DRAM channel timing (HBM2-2.0)', () => {
  it('unloaded read of an idle closed bank takes (tRCD + tCL + BL/2) × tCK', () => {
    const e = env('HBM2-2.0');
    const r = access(e, 0, { bankGroup: 3, bank: 2, row: 9 });
    e.sim.run();
    expect(r.done).toBe((14 + 14 + 2) * HBM2_CK); // 30 000 ps
  });

  it('a row hit takes (tCL + BL/2) × tCK; a conflict adds tRP + tRCD', () => {
    const e = env('HBM2-2.0');
    access(e, 0, { bankGroup: 0, bank: 0, row: 1 });
    const hit = access(e, 100 * HBM2_CK, { bankGroup: 0, bank: 0, row: 1, column: 4 });
    const miss = access(e, 200 * HBM2_CK, { bankGroup: 0, bank: 0, row: 2 });
    e.sim.run();
    expect(hit.done - 100 * HBM2_CK).toBe((14 + 2) * HBM2_CK);
    expect(miss.done - 200 * HBM2_CK).toBe((14 + 14 + 14 + 2) * HBM2_CK);
  });

  it('row and column commands use separate command buses (same tCK allowed)', () => {
    const e = env('HBM2-2.0');
    access(e, 0, { bankGroup: 0, bank: 0, row: 0 });
    access(e, 14 * HBM2_CK, { bankGroup: 1, bank: 0, row: 0 });
    e.sim.run();
    // RD of the first at tRCD = 14 and the ACT of the second at 14, in the same cycle.
    expect(times(e, 'RD')[0]).toBe(14 * HBM2_CK);
    expect(times(e, 'ACT')).toEqual([0, 14 * HBM2_CK]);
  });
});

describe('DRAM refresh', () => {
  it('a read arriving when refresh falls due waits tRFC (idle channel, banks closed)', () => {
    const e = env('DDR4-2400', {}, { pagePolicy: 'closed' });
    const due = 9364 * DDR4_CK;
    const r = access(e, due, { bankGroup: 0, bank: 0, row: 0 });
    e.sim.run();
    expect(times(e, 'REF')).toEqual([due]);
    expect(r.done - due).toBe((420 + 16 + 16 + 4) * DDR4_CK);
  });

  it('refresh precharges open banks first (PREA, then REF after tRP)', () => {
    const e = env('DDR4-2400');
    access(e, 0, { bankGroup: 1, bank: 1, row: 3 });
    const due = 9364 * DDR4_CK;
    const r = access(e, due + 50 * DDR4_CK, { bankGroup: 1, bank: 1, row: 3 });
    e.sim.run();
    expect(times(e, 'PREA')).toEqual([due]);
    expect(times(e, 'REF')).toEqual([due + 16 * DDR4_CK]);
    expect(r.done - due).toBe((16 + 420 + 16 + 16 + 4) * DDR4_CK);
    expect(e.stats.actions()['dram.ch0']).toMatchObject({ act: 2, pre: 1, ref: 1, rd: 2 });
  });

  it('an idle DRAM leaves no events: run() ends, and finish() accounts the refreshes owed', () => {
    const e = env('HBM2-2.0');
    access(e, 0, { bankGroup: 0, bank: 0, row: 0 });
    e.sim.run();
    expect(e.sim.pending).toBe(0);
    expect(e.sim.now).toBe(30 * HBM2_CK);
    const end = 1_000_000_000; // 1 ms
    e.dram.finish(end);
    expect(e.stats.actions()['dram.ch0']!.ref).toBe(Math.floor(end / (3900 * HBM2_CK))); // 256
  });
});
