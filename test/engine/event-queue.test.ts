import { describe, it, expect } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';

describe('EventQueue', () => {
  it('pops events in time order', () => {
    const q = new EventQueue<string>(2);
    q.push(30, 0, 'c');
    q.push(10, 0, 'a');
    q.push(20, 0, 'b');
    expect([q.pop(), q.pop(), q.pop()]).toEqual(['a', 'b', 'c']);
  });

  it('breaks time ties by priority, then by insertion order', () => {
    const q = new EventQueue<string>();
    q.push(5, 1, 'p1-first');
    q.push(5, 0, 'p0-first');
    q.push(5, 1, 'p1-second');
    q.push(5, 0, 'p0-second');
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual(['p0-first', 'p0-second', 'p1-first', 'p1-second']);
  });

  it('sorts 10,000 random keys like a stable sort does', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const q = new EventQueue<number>(4);
    const keys: { t: number; p: number; i: number }[] = [];
    for (let i = 0; i < 10_000; i++) {
      const t = Math.floor(rand() * 100);
      const p = Math.floor(rand() * 3);
      keys.push({ t, p, i });
      q.push(t, p, i);
    }
    const expected = [...keys].sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i).map((k) => k.i);
    const got: number[] = [];
    while (q.size > 0) got.push(q.pop());
    expect(got).toEqual(expected);
  });
});
