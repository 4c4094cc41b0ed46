import { describe, it, expect } from 'vitest';
import { Simulator } from '../../../src/engine/simulator.js';
import { Stats } from '../../../src/engine/stats.js';
import { DramSystem, type DramSystemConfig } from '../../../src/hw/dram/dram-system.js';
import type { DramCommand } from '../../../src/hw/dram/channel.js';
import { resolveDramStandard } from '../../../src/hw/dram/standards.js';
import type { DramStandard } from '../../../src/hw/dram/standard-types.js';
import { Prng } from '../../../src/dse/prng.js';
import { runRequestMix } from '../../helpers/request-mix.js';

// An independent checker of the JEDEC command rules, written from the standard's timing table (not
// from the controller): every command trace of random request mixes must keep them.

interface Command {
  cmd: DramCommand;
  t: number; // tCK
  unit: number;
  group: number;
  bank: number;
  order: number;
}

/** The first broken rule in one channel's command trace, or null. */
function firstViolation(std: DramStandard, commands: Command[]): string | null {
  const T = std.timing;
  const org = std.organization;
  const burst = org.burstLength / std.dataRate;
  const cmds = [...commands].sort((a, b) => a.t - b.t || a.order - b.order);
  const key = (c: Command): string => `${c.unit}.${c.group}.${c.bank}`;
  const open = new Map<string, boolean>();
  const lastAct = new Map<string, number>();
  const lastPre = new Map<string, number>();
  const lastRd = new Map<string, number>();
  const lastWr = new Map<string, number>();
  const groupAct = new Map<string, number>();
  const groupCol = new Map<string, number>();
  const unitActs = new Map<number, number[]>();
  const unitCol = new Map<number, number>();
  let lastRef = -Infinity;
  let lastRowCmd = -Infinity;
  let lastColCmd = -Infinity;
  const separateBuses = org.separateRowColumnCommandBuses;
  const fail = (c: Command, rule: string): string => `${c.cmd} at ${c.t} tCK (unit ${c.unit}, group ${c.group}, bank ${c.bank}): ${rule}`;
  const precharge = (c: Command, k: string): string | null => {
    if (c.t - (lastAct.get(k) ?? -Infinity) < T.tRAS) return fail(c, `tRAS after the ACT of ${k}`);
    if (c.t - (lastRd.get(k) ?? -Infinity) < T.tRTP) return fail(c, `tRTP after a RD of ${k}`);
    if (c.t - (lastWr.get(k) ?? -Infinity) < T.tCWL + burst + T.tWR) return fail(c, `write recovery of ${k}`);
    open.set(k, false);
    lastPre.set(k, c.t);
    return null;
  };
  for (const c of cmds) {
    const row = c.cmd === 'ACT' || c.cmd === 'PRE' || c.cmd === 'PREA' || c.cmd === 'REF';
    // One command per tCK on a command bus (HBM: one bus for row commands, one for column commands).
    if (!separateBuses || row) {
      if (c.t === lastRowCmd) return fail(c, separateBuses ? 'two row commands in one tCK' : 'two commands in one tCK');
      lastRowCmd = c.t;
    } else {
      if (c.t === lastColCmd) return fail(c, 'two column commands in one tCK');
      lastColCmd = c.t;
    }
    if (c.cmd === 'REF') {
      for (const [k, isOpen] of open) if (isOpen) return fail(c, `REF with ${k} open`);
      lastRef = c.t;
      continue;
    }
    if (c.cmd === 'PREA') {
      for (const [k, isOpen] of open) {
        if (!isOpen) continue;
        const v = precharge(c, k);
        if (v) return v;
      }
      continue;
    }
    const k = key(c);
    const gk = `${c.unit}.${c.group}`;
    if (c.cmd === 'ACT') {
      if (open.get(k)) return fail(c, 'ACT to an open bank');
      if (c.t - (lastPre.get(k) ?? -Infinity) < T.tRP) return fail(c, 'tRP after its PRE');
      if (c.t - (lastAct.get(k) ?? -Infinity) < T.tRC) return fail(c, 'tRC after its last ACT');
      if (c.t - lastRef < T.tRFC) return fail(c, 'tRFC after REF');
      if (c.t - (groupAct.get(gk) ?? -Infinity) < T.tRRD_L) return fail(c, 'tRRD_L in its bank group');
      const acts = unitActs.get(c.unit) ?? [];
      if (acts.length > 0 && c.t - acts[acts.length - 1]! < T.tRRD_S) return fail(c, 'tRRD_S in its rank / pseudo-channel');
      if (acts.length >= 4 && c.t - acts[acts.length - 4]! < T.tFAW) return fail(c, 'tFAW: a fifth ACT in the window');
      acts.push(c.t);
      unitActs.set(c.unit, acts);
      groupAct.set(gk, c.t);
      lastAct.set(k, c.t);
      open.set(k, true);
    } else if (c.cmd === 'PRE') {
      if (!open.get(k)) return fail(c, 'PRE to a closed bank');
      const v = precharge(c, k);
      if (v) return v;
    } else if (c.cmd === 'RD' || c.cmd === 'WR') {
      if (!open.get(k)) return fail(c, 'column command to a closed bank');
      if (c.t - (lastAct.get(k) ?? -Infinity) < (c.cmd === 'RD' ? T.tRCD : T.tRCDWR)) return fail(c, 'tRCD after its ACT');
      if (c.t - (groupCol.get(gk) ?? -Infinity) < Math.max(T.tCCD_L, burst)) return fail(c, 'tCCD_L in its bank group');
      if (c.t - (unitCol.get(c.unit) ?? -Infinity) < Math.max(T.tCCD_S, burst)) return fail(c, 'tCCD_S in its rank / pseudo-channel');
      groupCol.set(gk, c.t);
      unitCol.set(c.unit, c.t);
      (c.cmd === 'RD' ? lastRd : lastWr).set(k, c.t);
    }
  }
  return null;
}

/** Runs a seeded mix of reads and writes through `config` and returns each channel's command trace. */
function randomMix(seed: number, standard: string, config: Partial<DramSystemConfig>): { std: DramStandard; traces: Command[][]; completed: number; planned: number } {
  const std = resolveDramStandard(standard);
  const channels = config.channels ?? 1;
  const traces: Command[][] = Array.from({ length: channels }, () => []);
  let order = 0;
  const sim = new Simulator();
  const dram = new DramSystem(sim, new Stats(), {
    standard: std,
    channels,
    ...config,
    onCommand: (ch, cmd, timePs, group, bank, _row, unit) => {
      // A refresh's PREA and REF are reported ahead of their times: the checker orders by time.
      traces[ch]!.push({ cmd, t: Math.round(timePs / std.timing.tCK), unit, group, bank, order: order++ });
    },
  });
  const mix = { requests: 300, spans: [1 << 16, 1 << 26], sizes: [64, 128, 256, 1024], writeFraction: 0.3, pauseChance: 0.1, maxPauseSteps: 400, pauseStepPs: std.timing.tCK, retriesRefused: false };
  const { planned, completed } = runRequestMix(sim, dram, new Prng(seed), mix);
  return { std, traces, completed, planned };
}

describe('the rule checker', () => {
  const ddr4 = resolveDramStandard('DDR4-2400');
  const T = ddr4.timing;
  const cmd = (c: DramCommand, t: number, bank = 0, group = 0): Command => ({ cmd: c, t, unit: 0, group, bank, order: t });
  it('accepts a legal ACT, RD, PRE, ACT sequence and catches each rule broken by one tCK', () => {
    const legal = [cmd('ACT', 0), cmd('RD', T.tRCD), cmd('PRE', T.tRAS), cmd('ACT', T.tRC)];
    expect(firstViolation(ddr4, legal)).toBeNull();
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('RD', T.tRCD - 1)])).toMatch(/tRCD/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('PRE', T.tRAS - 1)])).toMatch(/tRAS/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('PRE', T.tRAS), cmd('ACT', T.tRAS + T.tRP - 1)])).toMatch(/tRP|tRC/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('ACT', T.tRRD_L - 1, 1)])).toMatch(/tRRD_L/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('ACT', T.tRRD_S - 1, 0, 1)])).toMatch(/tRRD_S/);
    const fourActs = [0, 1, 2, 3].map((g) => cmd('ACT', g * T.tRRD_S, 0, g));
    expect(firstViolation(ddr4, [...fourActs, cmd('ACT', T.tFAW - 1, 1, 0)])).toMatch(/tFAW/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('RD', T.tRCD), cmd('RD', T.tRCD + T.tCCD_L - 1)])).toMatch(/tCCD_L/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('ACT', T.tRRD_S, 0, 1), cmd('RD', 20), cmd('RD', 21, 0, 1)])).toMatch(/tCCD_S/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('WR', T.tRCD), cmd('PRE', T.tRCD + T.tCWL + 4 + T.tWR - 1)])).toMatch(/write recovery/);
    expect(firstViolation(ddr4, [cmd('ACT', 0), cmd('ACT', 4, 1, 1), cmd('RD', 4, 0, 0)])).toMatch(/one tCK/);
  });
});

describe('JEDEC command rules hold in every command trace (random request mixes, checked independently)', () => {
  const configs: [string, Partial<DramSystemConfig>][] = [
    ['DDR4-2400', { channels: 1 }],
    ['DDR4-2400', { channels: 2, mapping: 'RoCoBaBgCh' }],
    ['HBM2-2.0', { channels: 8 }],
    ['HBM2-2.0-PC', { channels: 4, refresh: 'all-bank' }],
    ['GDDR6-16', { channels: 2, queueDepth: 8 }],
  ];
  for (const [standard, config] of configs) {
    it(`${standard}, ${JSON.stringify(config)}: no broken rule, every request completes`, () => {
      for (const seed of [1, 2, 3]) {
        const { std, traces, completed, planned } = randomMix(seed, standard, config);
        expect(completed).toBe(planned);
        for (const trace of traces) expect(firstViolation(std, trace)).toBeNull();
        // The mixes reach every rule: row misses, writes and refreshes, not only row hits.
        const all = traces.flat();
        for (const c of ['ACT', 'PRE', 'RD', 'WR'] as const) expect(all.filter((x) => x.cmd === c).length).toBeGreaterThan(10);
      }
    });
  }
});
