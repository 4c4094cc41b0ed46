import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { HostLink } from '../../src/hw/host-link.js';

describe('a host link (PCIe)', () => {
  // 31.5 GB/s (PCIe 4.0 x16 one way), 1 µs latency.
  const link = () => {
    const sim = new Simulator();
    const stats = new Stats();
    const l = new HostLink(sim, { bytesPerSecond: 31.5e9, latencyPs: 1_000_000 }, stats);
    const done: number[] = [];
    const go = (bytes: number, write = false) => l.tryIssue({ addr: 0, bytes, write, onDone: (t) => done.push(t) });
    return { sim, stats, done, go };
  };

  it('delivers a transfer after its bytes at the link rate plus the latency: 64 000 B in 2.032 µs + 1 µs', () => {
    const { sim, done, go } = link();
    go(64_000);
    sim.run();
    expect(done).toEqual([Math.ceil((64_000 / 31.5e9) * 1e12) + 1_000_000]);
  });

  it('serialises transfers on the link, and counts the bytes each way', () => {
    const { sim, stats, done, go } = link();
    go(31_500);
    go(31_500, true);
    sim.run();
    expect(done).toEqual([1_000_000 + 1_000_000, 2_000_000 + 1_000_000]);
    expect(stats.actions()['host']).toMatchObject({ rd: 1, wr: 1, bytesRead: 31_500, bytesWritten: 31_500 });
  });
});
