import { describe, it, expect } from 'vitest';
import { ClockDomain } from '../../src/engine/clock.js';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { IdealMemory } from '../../src/hw/ideal-memory.js';
import { StreamBuffer, type BufferMode } from '../../src/hw/sram-buffer.js';
import { StreamReader, type StreamReaderConfig } from '../../src/hw/stream-reader.js';
import { DelayedMemoryPort } from '../../src/hw/delayed-memory.js';

const PERIOD = 1000;

/** Streams `bytes` through an ideal memory of `latency` cycles into a buffer that a consumer drains at once; returns the last arrival cycle. */
function stream(bytes: number, latency: number, cfg: StreamReaderConfig, capacity = 4096, mode: BufferMode = 'fifo', sramLatency = 0) {
  const sim = new Simulator();
  const stats = new Stats();
  const clock = new ClockDomain('core', PERIOD);
  const mem = new IdealMemory(sim, stats, clock.cycles(latency));
  const buf = new StreamBuffer({ capacityBytes: capacity, banks: 1, widthBits: 8, latencyCycles: sramLatency }, mode, stats, 'buf', cfg.announceArrivals ? sim : undefined);
  buf.setStreamEnd(bytes);
  const reader = new StreamReader(sim, clock, mem, buf, cfg);
  let last = -1;
  const drain = (): void => {
    const n = buf.readable();
    if (n > 0) {
      last = sim.now;
      buf.consume(n);
    }
    if (buf.positions.consumed < bytes) buf.onData(drain);
  };
  buf.onData(drain);
  reader.start(0, bytes);
  sim.run();
  return { lastArrivalCycle: last / PERIOD, stats: stats.actions(), events: sim.eventsProcessed };
}

describe('StreamReader', () => {
  it('with one access in flight, each byte costs the round trip plus the reissue cycle', () => {
    // Request k issues at k·(L+1) and arrives L cycles later: the last of N at N·(L+1) − 1.
    for (const L of [3, 7, 12]) {
      expect(stream(100, L, { requestBytes: 1, maxOutstanding: 1, reissueCycles: 1 }).lastArrivalCycle).toBe(100 * (L + 1) - 1);
    }
  });

  it('with enough requests in flight, issues one request per cycle', () => {
    // Requests issue at cycles 0..N−1 and arrive L later.
    expect(stream(100, 10, { requestBytes: 1, maxOutstanding: 16, reissueCycles: 0 }).lastArrivalCycle).toBe(99 + 10);
  });

  it('never has more requests in flight than allowed (Little\'s law bound)', () => {
    // 4 in flight, latency 10: at most 4 requests per 10 cycles → 100 requests take ≥ 250 cycles.
    const r = stream(100, 10, { requestBytes: 1, maxOutstanding: 4, reissueCycles: 0 });
    expect(r.lastArrivalCycle).toBeGreaterThanOrEqual(250 - 1);
    expect(r.stats['mem']!['rd']).toBe(100);
  });

  it('makes data readable only after the buffer\'s SRAM write latency', () => {
    expect(stream(100, 3, { requestBytes: 1, maxOutstanding: 1, reissueCycles: 1 }, 4096, 'fifo', 2).lastArrivalCycle).toBe(100 * 4 - 1 + 2);
  });

  it('splits a stream into requests of requestBytes (the last one shorter)', () => {
    expect(stream(1000, 5, { requestBytes: 64, maxOutstanding: 2, reissueCycles: 0 }).stats['mem']!['rd']).toBe(16);
  });

  it('splits a request at a double buffer\'s half boundary, so each half is filled by requests of its own', () => {
    // Halves of 100 B, requests of 64 B: 0–64, 64–100, 100–164, 164–200, 200–250 → 5 requests, not 4.
    expect(stream(250, 5, { requestBytes: 64, maxOutstanding: 2, reissueCycles: 0 }, 200, 'double-buffer').stats['mem']!['rd']).toBe(5);
    // A FIFO does not split: ⌈250 / 64⌉ = 4.
    expect(stream(250, 5, { requestBytes: 64, maxOutstanding: 2, reissueCycles: 0 }, 200, 'fifo').stats['mem']!['rd']).toBe(4);
  });

  it('announcing arrivals (fast mode), hands the consumer the same data at the same times with fewer events', () => {
    const cfg = { requestBytes: 16, maxOutstanding: 8, reissueCycles: 0 };
    // A double buffer of 64-byte halves: four 16-byte arrivals fill a half, and only the fourth wakes the consumer.
    const events = stream(1000, 10, cfg, 128, 'double-buffer', 2);
    const announced = stream(1000, 10, { ...cfg, announceArrivals: true }, 128, 'double-buffer', 2);
    expect(announced.lastArrivalCycle).toBe(events.lastArrivalCycle);
    expect(announced.stats).toEqual(events.stats);
    expect(announced.events).toBeLessThan(events.events);
  });

  it('adds a delayed path\'s latency to every round trip', () => {
    const sim = new Simulator();
    const stats = new Stats();
    const mem = new DelayedMemoryPort(sim, new IdealMemory(sim, stats, 2 * PERIOD), 3 * PERIOD, 4 * PERIOD);
    let doneAt = -1;
    mem.tryIssue({ addr: 0, bytes: 1, write: false, onDone: (t) => (doneAt = t) });
    sim.run();
    expect(doneAt).toBe(9 * PERIOD);
  });
});

/** A 100-byte buffer of byte-wide words (halves of 50 bytes when double-buffered). */
const hundredBytes = (mode: BufferMode) => new StreamBuffer({ capacityBytes: 100, banks: 1, widthBits: 8, latencyCycles: 0 }, mode, new Stats(), 'b');

describe('StreamBuffer', () => {
  it('as a double buffer, hands over only full halves', () => {
    const buf = hundredBytes('double-buffer');
    buf.setStreamEnd(130);
    buf.issue(100);
    buf.arrive(49);
    expect(buf.readable()).toBe(0);
    buf.arrive(1);
    expect(buf.readable()).toBe(50);
    // The producer may not refill a half the consumer still holds.
    expect(buf.freeForIssue()).toBe(0);
    buf.consume(50);
    expect(buf.freeForIssue()).toBe(50);
    buf.issue(30);
    buf.arrive(80); // the stream's last 30 bytes: a partial half is readable at the end
    expect(buf.readable()).toBe(80);
  });

  it('limits a consumer\'s step to the end of the half it drains (a double buffer), or to nothing (a FIFO)', () => {
    const buf = hundredBytes('double-buffer');
    buf.issue(100);
    buf.arrive(100);
    expect(buf.readable()).toBe(100);
    expect(buf.stepLimit()).toBe(50);
    buf.consume(30);
    expect(buf.stepLimit()).toBe(20);
    expect(hundredBytes('fifo').stepLimit()).toBe(Infinity);
  });

  it('as a FIFO, hands over every byte that arrived and counts word accesses', () => {
    const stats = new Stats();
    const buf = new StreamBuffer({ capacityBytes: 64, banks: 1, widthBits: 32, latencyCycles: 0 }, 'fifo', stats, 'b');
    buf.issue(10);
    buf.arrive(10);
    expect(buf.readable()).toBe(10);
    buf.consume(10);
    expect(stats.actions()['b']).toEqual({ read: 2, write: 3 }); // ⌊10/4⌋ words read so far; ⌈10/4⌉ written
  });
});
