import { describe, it, expect } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { CharacterizedMemory, type StreamProfile } from '../../src/hw/characterized-memory.js';

/** A profile with round numbers: 1 ps per byte, 100 ns to a first completion, one `rd` per 64 B, one `ref` per 10 ns. */
function profile(refresh: StreamProfile['refresh'] = null): StreamProfile {
  return {
    name: 'dram',
    psPerByte: 1,
    refresh,
    latencies: {
      read: [
        { bytes: 64, ps: 50_000 },
        { bytes: 1000, ps: 100_000 },
      ],
      write: [{ bytes: 64, ps: 40_000 }],
    },
    perByte: new Map([['rd', 1 / 64], ['#busy', 1]]),
    perPs: new Map([['ref', 1 / 10_000]]),
    peakBytesPerSecond: 1e12,
    requestDrivenActions: ['rd', 'wr'],
    windowPs: 1,
    windowBytes: 1,
    eventsProcessed: 0,
  };
}

/** Issues `n` requests of `bytes` at time 0 and returns their completion times. */
function completions(p: StreamProfile, n: number, bytes: number, write = false): number[] {
  const sim = new Simulator();
  const mem = new CharacterizedMemory(sim, new Stats(), p);
  const done: number[] = [];
  for (let i = 0; i < n; i++) mem.tryIssue({ addr: i * bytes, bytes, write, onDone: (t) => done.push(t) });
  sim.run();
  return done;
}

describe('CharacterizedMemory', () => {
  it('completes a request into the idle memory its profiled latency after issue', () => {
    expect(completions(profile(), 1, 1000)).toEqual([100_000]);
  });

  it('then delivers each further request its bytes × ps per byte after the previous one', () => {
    // 100 ns, then 1000 B × 1 ps/B = 1 ns apart.
    expect(completions(profile(), 4, 1000)).toEqual([100_000, 101_000, 102_000, 103_000]);
  });

  it('delivers a request larger than the profiled size its first profiled bytes after the latency and the rest at the rate', () => {
    // 4000 B against the 1000 B entry: the first 1000 B by 100 ns, 3000 B more at 1 ps/B.
    expect(completions(profile(), 1, 4000)).toEqual([103_000]);
  });

  it('gives small reads and writes the latency profiled for their size and direction', () => {
    expect(completions(profile(), 1, 64)).toEqual([50_000]);
    expect(completions(profile(), 1, 64, true)).toEqual([40_000]);
  });

  it('stops the stream for each all-bank refresh stall', () => {
    // Refresh every 1 µs, due 10 ns before the stall, which lasts 200 ns; 1 ps/B between refreshes.
    const p = profile({ intervalPs: 1_000_000, stallPs: 200_000, delayPs: 10_000, psPerByte: 1 });
    // First request: its 1000 B cross from 99 ns to 100 ns. Then 1000 requests of 1000 B each:
    // data flows up to 1010 ns, stops for 200 ns, flows again from 1210 ns.
    const done = completions(p, 1001, 1000);
    expect(done[0]).toBe(100_000);
    // Request 910 ends exactly at 1010 ns; request 911's first byte waits for the stall's end.
    expect(done[910]).toBe(1_010_000);
    expect(done[911]).toBe(1_211_000);
  });

  it('counts request-driven actions per byte and time-driven ones per ps, summed under <name>.channels', () => {
    const sim = new Simulator();
    const stats = new Stats();
    const mem = new CharacterizedMemory(sim, stats, profile());
    for (let i = 0; i < 10; i++) mem.tryIssue({ addr: 0, bytes: 640, write: false, onDone: () => {} });
    mem.tryIssue({ addr: 0, bytes: 64, write: true, onDone: () => {} });
    sim.run();
    mem.finish(1_000_000);
    const a = stats.actions()['dram.channels']!;
    expect(a['rd']).toBeCloseTo(100); // 6400 B / 64
    expect(a['wr']).toBeCloseTo(1); // a write's rd becomes wr
    expect(a['ref']).toBeCloseTo(100); // 1 µs / 10 ns
    expect(stats.busy()['dram.channels']).toBeCloseTo(6464);
  });

  it('tells a request that asks its completion time at issue, and counts its data once time reaches it', () => {
    const sim = new Simulator();
    const stats = new Stats();
    const mem = new CharacterizedMemory(sim, stats, profile());
    const told: number[] = [];
    mem.tryIssue({ addr: 0, bytes: 1000, write: false, onDone: () => told.push(-1), onScheduled: (t) => told.push(t) });
    // 100 ns to the first 1000 B (the profiled latency of that size): told at once, no event.
    expect(told).toEqual([100_000]);
    expect(sim.pending).toBe(0);
    expect(stats.snapshot(['dram']).get('dram.channels/rd')).toBe(0);
    let rdAt99 = -1;
    sim.at(99_999, () => (rdAt99 = stats.actions()['dram.channels']?.['rd'] ?? 0));
    sim.at(100_000, () => void 0);
    sim.run();
    expect(rdAt99).toBe(0);
    expect(stats.actions()['dram.channels']!['rd']).toBeCloseTo(1000 / 64, 9);
  });

  it('gives requests with a measured distribution latencies drawn evenly from its quantiles, a slow one not holding back those behind it', () => {
    const p = profile();
    // Three quarters at 50 ns, a quarter at 70 ns (a row miss).
    const small = { bytes: 64, ps: 55_000, quantiles: [50_000, 50_000, 50_000, 70_000] };
    const sim = new Simulator();
    const mem = new CharacterizedMemory(sim, new Stats(), { ...p, latencies: { read: [small], write: [] } });
    const latency: number[] = [];
    for (let k = 0; k < 400; k++) sim.at(k * 1000, () => {
      const t0 = sim.now;
      mem.tryIssue({ addr: 0, bytes: 64, write: false, onDone: (t) => (latency[k] = t - t0) });
    });
    sim.run();
    // Each request: 50 ns to the first 64 B (less its 64 ps at 1 ps/B, then those 64 ps), plus 20 ns for a quarter of them.
    expect(new Set(latency)).toEqual(new Set([50_000, 70_000]));
    // A low-discrepancy sequence: within one request of a quarter of any run.
    expect(Math.abs(latency.filter((l) => l === 70_000).length - 100)).toBeLessThanOrEqual(1);
    // Request 3 draws the 70 ns quantile (frac(3φ) = 0.854); request 4, issued 1 ns later, still takes 50 ns.
    expect(latency.slice(3, 5)).toEqual([70_000, 50_000]);
  });
});

