import { describe, expect, it } from 'vitest';
import { ClockDomain } from '../../src/engine/clock.js';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { SramMemory } from '../../src/hw/sram-memory.js';

const P = 1000; // 1 GHz
const setup = (banks = 4, widthBits = 64, latencyCycles = 2) => {
  const sim = new Simulator();
  const stats = new Stats();
  const mem = new SramMemory(sim, new ClockDomain('core', P), { capacityBytes: 1 << 20, banks, widthBits, latencyCycles }, stats);
  const done: number[] = [];
  const read = (addr: number, bytes: number) => mem.tryIssue({ addr, bytes, write: false, onDone: (t) => done.push(t / P) });
  return { sim, stats, mem, done, read };
};

describe('a banked on-chip SRAM as memory', () => {
  it('peaks at banks × word bytes per cycle: 4 × 8 B at 1 GHz = 32 GB/s', () => {
    expect(setup().mem.peakBytesPerSecond).toBe(32e9);
  });

  it('serves one word per bank per cycle and answers after the latency: 4 words on 4 banks in cycle 0, data at cycle 0 + 1 + 2', () => {
    const { sim, done, read } = setup();
    read(0, 32);
    sim.run();
    expect(done).toEqual([3]);
  });

  it('queues a bank’s second word behind its first: 8 words on 4 banks take two cycles', () => {
    const { sim, done, read } = setup();
    read(0, 64);
    sim.run();
    expect(done).toEqual([4]);
  });

  it('streams back-to-back requests on different banks without conflicts', () => {
    const { sim, stats, done, read } = setup();
    read(0, 16); // banks 0, 1
    read(16, 16); // banks 2, 3
    sim.run();
    expect(done).toEqual([3, 3]);
    expect(stats.actions()['weightSram']).toMatchObject({ read: 4, conflictCycles: 0 });
  });

  it('delays a request whose bank is busy (a bank conflict) by the cycles the bank is taken', () => {
    const { sim, stats, done, read } = setup();
    read(0, 8 * 8); // 8 words: banks 0–3 busy in cycles 0 and 1
    read(4 * 8, 8); // word 4 → bank 0, free at cycle 2
    sim.run();
    expect(done).toEqual([4, 5]);
    expect(stats.actions()['weightSram']!['conflictCycles']).toBe(2);
  });
});
