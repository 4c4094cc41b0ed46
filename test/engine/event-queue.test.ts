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

  it('keeps a reserved event in its place among pushed events, and can tell what comes first', () => {
    const q = new EventQueue<string>();
    q.push(10, 0, 'a');
    const r = q.reserveSequence();
    q.push(10, 0, 'c');
    q.push(5, 0, 'front');
    expect(q.firstIsAfter(6, 0, r)).toBe(false);
    expect(q.firstIsAfter(5, 0, r)).toBe(true); // reserved before 'front' was pushed
    expect(q.pop()).toBe('front');
    expect(q.firstIsAfter(10, 0, r)).toBe(false); // 'a' was pushed before the reservation
    expect(q.pop()).toBe('a');
    expect(q.firstIsAfter(10, 0, r)).toBe(true); // 'c' was pushed after it
    q.pushWithSequence(10, 0, r, 'b');
    expect([q.pop(), q.pop()]).toEqual(['b', 'c']);
    expect(q.size).toBe(0);
    expect(q.firstIsAfter(0, 0, 0)).toBe(true);
  });

  it('orders like a stable sort when events are pushed in and out of order around the front slot', () => {
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const q = new EventQueue<number>(2);
    const keys: { t: number; p: number; i: number }[] = [];
    const popsAfter: boolean[] = [];
    const got: number[] = [];
    let now = 0;
    for (let i = 0; i < 2000; i++) {
      // Mostly soon-after-now events (the front slot's case), some far ones; pop now and then.
      const t = now + (rand() < 0.7 ? Math.floor(rand() * 3) : Math.floor(rand() * 50));
      const p = rand() < 0.9 ? 0 : Math.floor(rand() * 3) - 1;
      keys.push({ t, p, i });
      q.push(t, p, i);
      popsAfter.push(rand() < 0.5);
      if (popsAfter[i]) {
        now = q.peekTime();
        got.push(q.pop());
      }
    }
    while (q.size > 0) got.push(q.pop());
    // Replay: at each pop the earliest pending key (time, priority, insertion) must come out.
    const pending = new Map<number, { t: number; p: number; i: number }>();
    const expected: number[] = [];
    const popMin = (): void => {
      const min = [...pending.values()].sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i)[0]!;
      pending.delete(min.i);
      expected.push(min.i);
    };
    for (let i = 0; i < 2000; i++) {
      pending.set(i, keys[i]!);
      if (popsAfter[i]) popMin();
    }
    while (pending.size > 0) popMin();
    expect(got).toEqual(expected);
  });
});
