import { describe, it, expect } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { ClockDomain } from '../../src/engine/clock.js';
import { Link } from '../../src/engine/link.js';
import { Stats } from '../../src/engine/stats.js';

describe('Simulator', () => {
  it('advances time to each event and counts them', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.at(100, () => seen.push(sim.now));
    sim.at(40, () => {
      seen.push(sim.now);
      sim.after(10, () => seen.push(sim.now));
    });
    sim.run();
    expect(seen).toEqual([40, 50, 100]);
    expect(sim.eventsProcessed).toBe(3);
  });

  it('refuses events in the past and non-integer times', () => {
    const sim = new Simulator();
    sim.at(10, () => expect(() => sim.at(5, () => {})).toThrow(/past/));
    sim.run();
    expect(() => sim.at(12.5, () => {})).toThrow(/integer/);
  });

  it('runs a reserved event in place only when nothing queued comes first', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    let steps = 0;
    // A component that schedules its own next step 10 ps on, running it in place when it may.
    const step = (): void => {
      for (;;) {
        seen.push(`step@${sim.now}`);
        if (++steps === 4) return;
        const next = sim.now + 10;
        const r = sim.reserve();
        if (!sim.advanceIfNext(next, r)) {
          sim.atReserved(next, r, step);
          return;
        }
      }
    };
    sim.at(0, step);
    sim.at(20, () => seen.push(`other@${sim.now}`)); // pushed before the step at 20 is reserved: runs first
    sim.run();
    expect(seen).toEqual(['step@0', 'step@10', 'other@20', 'step@20', 'step@30']);
    expect(sim.eventsProcessed).toBe(5);
    // Never past run's bound, nor after stop().
    const s2 = new Simulator();
    s2.at(0, () => {
      expect(s2.advanceIfNext(10, s2.reserve())).toBe(false);
    });
    s2.run(5);
    const s3 = new Simulator();
    s3.at(0, () => {
      s3.stop();
      expect(s3.advanceIfNext(10, s3.reserve())).toBe(false);
    });
    s3.run();
  });

  it('tells the running event by the sequence number at() or reserve() gave it, so a superseded event at the same time can stand aside', () => {
    const sim = new Simulator();
    const ran: string[] = [];
    let live = -1;
    const step = (): void => {
      if (sim.currentSequence !== live) {
        ran.push(`stale@${sim.now}`);
        return;
      }
      for (;;) {
        ran.push(`live@${sim.now}`);
        if (sim.now >= 20) return;
        live = sim.reserve();
        if (!sim.advanceIfNext(sim.now + 10, live)) return sim.atReserved(sim.now + 10, live, step);
        expect(sim.currentSequence).toBe(live); // run in place: the reserved number is the running event's
      }
    };
    sim.at(10, step); // superseded below: asked for again at the same time, after `other`
    sim.at(10, () => ran.push(`other@${sim.now}`));
    live = sim.at(10, step);
    sim.run();
    expect(ran).toEqual(['stale@10', 'other@10', 'live@10', 'live@20']);
  });

  it('stops at a time bound and resumes', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [10, 20, 30]) sim.at(t, () => seen.push(t));
    sim.run(20);
    expect(seen).toEqual([10, 20]);
    sim.run();
    expect(seen).toEqual([10, 20, 30]);
  });

  it('is deterministic: the same schedule gives the same trace', () => {
    const trace = () => {
      const sim = new Simulator();
      const out: string[] = [];
      for (let i = 0; i < 50; i++) sim.at((i * 7) % 13, () => out.push(`${sim.now}:${i}`), i % 3);
      sim.run();
      return out.join(',');
    };
    expect(trace()).toBe(trace());
  });
});

describe('ClockDomain', () => {
  it('aligns to its own edges', () => {
    const core = new ClockDomain('core', 16_667); // 60 MHz
    expect(core.edgeAtOrAfter(0)).toBe(0);
    expect(core.edgeAtOrAfter(1)).toBe(16_667);
    expect(core.edgeAfter(16_667)).toBe(33_334);
    expect(core.cycleIndex(33_333)).toBe(1);
  });

  it('crosses from a fast domain to a slow one at the slow domain\'s next edge', () => {
    const dram = new ClockDomain('dram', 833); // DDR4-2400 tCK
    const core = new ClockDomain('core', 3_333, 1_000); // 300 MHz with a phase offset
    // Data ready after 20 DRAM cycles = 16,660 ps; the core samples it at its next edge:
    // edges are 1000 + k·3333 → k = 5 gives 17,665 ps.
    const ready = dram.cycles(20);
    expect(ready).toBe(16_660);
    expect(core.edgeAtOrAfter(ready)).toBe(17_665);
  });

  it('rejects a zero or fractional period', () => {
    expect(() => new ClockDomain('x', 0)).toThrow();
    expect(() => new ClockDomain('x', 1.5)).toThrow();
  });
});

describe('Link', () => {
  it('delivers after its latency and applies back-pressure by credits', () => {
    const sim = new Simulator();
    const got: [number, number][] = [];
    const link: Link<number> = new Link(sim, { latencyPs: 100, capacity: 2 }, (m) => {
      got.push([sim.now, m]);
      sim.after(50, () => link.release());
    });
    link.send(1);
    link.send(2);
    expect(link.canSend()).toBe(false);
    link.whenReady(() => link.send(3));
    sim.run();
    // 1 and 2 arrive at 100; the first credit returns at 150, so 3 is sent then and arrives at 250.
    expect(got).toEqual([
      [100, 1],
      [100, 2],
      [250, 3],
    ]);
  });
});

describe('Stats', () => {
  it('counts actions per component and scales them', () => {
    const a = new Stats();
    a.count('tau', 'acc', 3);
    a.counter('dram', 'rd').value += 2;
    a.addBusy('tau', 10);
    const b = new Stats();
    b.addScaled(a, 4);
    expect(b.actions()).toEqual({ dram: { rd: 8 }, tau: { acc: 12 } });
    expect(b.busy()).toEqual({ tau: 40 });
  });
});
