import { describe, it, expect } from 'vitest';
import { BankLists } from '../../../src/hw/dram/bank-lists.js';

const order = (l: BankLists, u: number): number[] => {
  const out: number[] = [];
  for (let b = l.first[u]!; b >= 0; b = l.next[b]!) out.push(b);
  return out;
};
const reverse = (l: BankLists, u: number): number[] => {
  const out: number[] = [];
  for (let b = l.last[u]!; b >= 0; b = l.prev[b]!) out.push(b);
  return out;
};

describe('BankLists', () => {
  it('appends, inserts and removes banks per unit, linked both ways', () => {
    const l = new BankLists(2, 8);
    l.append(3, 0);
    l.append(1, 0);
    l.append(6, 1);
    l.insertAfter(5, -1, 0); // at the front
    l.insertAfter(2, 3, 0); // after bank 3
    expect(order(l, 0)).toEqual([5, 3, 2, 1]);
    expect(reverse(l, 0)).toEqual([1, 2, 3, 5]);
    expect(order(l, 1)).toEqual([6]);
    l.remove(5, 0); // the first
    l.remove(1, 0); // the last
    l.remove(6, 1); // the only one
    expect(order(l, 0)).toEqual([3, 2]);
    expect(reverse(l, 0)).toEqual([2, 3]);
    expect(order(l, 1)).toEqual([]);
    expect(l.last[1]).toBe(-1);
  });

  it('clears a unit and rebuilds it in a new order', () => {
    const l = new BankLists(1, 4);
    for (const b of [0, 1, 2, 3]) l.append(b, 0);
    l.clear(0);
    for (const b of [2, 0, 3, 1]) l.append(b, 0);
    expect(order(l, 0)).toEqual([2, 0, 3, 1]);
    expect(reverse(l, 0)).toEqual([1, 3, 0, 2]);
  });

  it('sorts a unit by key and moves a bank whose key changed back to its place', () => {
    const l = new BankLists(2, 8);
    const key = Float64Array.from([40, 10, 30, 20, 5, 0, 0, 0]);
    for (const b of [0, 1, 2, 3]) l.append(b, 0);
    l.append(4, 1);
    l.sortBy(0, key, new Int32Array(4));
    expect(order(l, 0)).toEqual([1, 3, 2, 0]); // keys 10, 20, 30, 40
    expect(reverse(l, 0)).toEqual([0, 2, 3, 1]);
    expect(order(l, 1)).toEqual([4]); // another unit untouched
    key[1] = 50; // the oldest became the newest: to the back
    l.reposition(1, 0, key);
    expect(order(l, 0)).toEqual([3, 2, 0, 1]);
    key[0] = 25; // into the middle
    l.reposition(0, 0, key);
    expect(order(l, 0)).toEqual([3, 0, 2, 1]);
    key[3] = 21; // still in place: nothing moves
    l.reposition(3, 0, key);
    expect(order(l, 0)).toEqual([3, 0, 2, 1]);
    expect(reverse(l, 0)).toEqual([1, 2, 0, 3]);
  });
});
