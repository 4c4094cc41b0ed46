import { describe, it, expect } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { StreamBuffer } from '../../src/hw/sram-buffer.js';

/** A 100-byte double buffer (halves of 50 bytes) of byte-wide words that takes announced arrivals. */
function announcedBuffer(): { sim: Simulator; buf: StreamBuffer; stats: Stats } {
  const sim = new Simulator();
  const stats = new Stats();
  const buf = new StreamBuffer({ capacityBytes: 100, banks: 1, widthBits: 8, latencyCycles: 0 }, 'double-buffer', stats, 'b', sim);
  return { sim, buf, stats };
}

describe('StreamBuffer with announced arrivals', () => {
  it('counts an announced arrival when simulated time reaches it, not before', () => {
    const { sim, buf, stats } = announcedBuffer();
    buf.issue(50);
    buf.arriveAt(1000, 20);
    buf.arriveAt(2000, 30);
    expect(buf.positions.arrived).toBe(0);
    let seen = -1;
    sim.at(1500, () => (seen = buf.positions.arrived));
    sim.at(2000, () => void 0);
    sim.run();
    expect(seen).toBe(20);
    expect(buf.positions.arrived).toBe(50);
    expect(stats.actions()['b']!['write']).toBe(50);
  });

  it('wakes a readable waiter once, at the arrival that completes the half', () => {
    const { sim, buf } = announcedBuffer();
    buf.issue(50);
    for (let i = 1; i <= 5; i++) buf.arriveAt(i * 100, 10); // the half is full at 500 ps
    const woken: number[] = [];
    buf.onReadable(() => woken.push(sim.now));
    sim.run();
    expect(woken).toEqual([500]);
    expect(sim.eventsProcessed).toBe(1); // no event for the four arrivals that change nothing readable
  });

  it('wakes a data waiter at the next announced arrival, as an arrival event would', () => {
    const { sim, buf } = announcedBuffer();
    buf.issue(20);
    buf.arriveAt(100, 10);
    buf.arriveAt(300, 10);
    const woken: number[] = [];
    sim.at(150, () => buf.onData(() => woken.push(sim.now)));
    sim.run();
    expect(woken).toEqual([300]);
  });

  it('refuses announced arrivals without a simulator', () => {
    const buf = new StreamBuffer({ capacityBytes: 100, banks: 1, widthBits: 8, latencyCycles: 0 }, 'fifo', new Stats(), 'b');
    expect(() => buf.arriveAt(0, 1)).toThrow(/needs a buffer built with the simulator/);
  });
});
