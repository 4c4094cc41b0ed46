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
  it('orders lane events (added in order, a few places back, or far back) with pushed ones like a stable sort', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const q = new EventQueue<number>(2);
    // The operations in order: an added key, or a pop (null); replayed below against a sorted list.
    const ops: ({ t: number; p: number; s: number } | null)[] = [];
    const got: number[] = [];
    const add = (t: number, p: number, s: number, lane: boolean): void => {
      ops.push({ t, p, s });
      if (lane) q.pushInLane(t, s, s);
      else q.pushWithSequence(t, p, s, s);
    };
    let now = 0;
    let laneLast = 0;
    for (let i = 0; i < 5000; i++) {
      if (rand() < 0.6) {
        // A component's next step: mostly after the lane's last, sometimes a little or far before it.
        const r = rand();
        const t = r < 0.8 ? Math.max(now, laneLast) + Math.floor(rand() * 3) : r < 0.95 ? Math.max(now, laneLast - Math.floor(rand() * 4)) : now;
        laneLast = Math.max(laneLast, t);
        const s = q.reserveSequence();
        if (rand() < 0.1) add(t, 0, q.reserveSequence(), false); // pushed after the reservation, before the event is added
        add(t, 0, s, true);
      } else {
        add(now + Math.floor(rand() * 20), rand() < 0.8 ? 0 : Math.floor(rand() * 3) - 1, q.reserveSequence(), false);
      }
      if (rand() < 0.45) {
        ops.push(null);
        now = q.peekTime();
        got.push(q.pop());
      }
    }
    while (q.size > 0) {
      ops.push(null);
      got.push(q.pop());
    }
    const pending: { t: number; p: number; s: number }[] = [];
    const expected: number[] = [];
    for (const op of ops) {
      if (op !== null) {
        pending.push(op);
        continue;
      }
      pending.sort((a, b) => a.t - b.t || a.p - b.p || a.s - b.s);
      expected.push(pending.shift()!.s);
    }
    expect(got).toEqual(expected);
  });

  it('tells whether a lane event comes before a reserved place', () => {
    const q = new EventQueue<string>();
    const a = q.reserveSequence();
    const r = q.reserveSequence();
    q.pushInLane(10, a, 'lane');
    expect(q.firstIsAfter(10, 0, r)).toBe(false); // 'lane' holds an earlier place at the same time
    expect(q.firstIsAfter(9, 0, r)).toBe(true);
    expect(q.firstIsAfter(10, -1, r)).toBe(true); // a lower priority number runs first
    expect(q.peekTime()).toBe(10);
    q.push(10, -1, 'urgent');
    expect([q.pop(), q.pop()]).toEqual(['urgent', 'lane']);
  });
});
