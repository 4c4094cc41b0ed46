import { describe, it, expect } from 'vitest';
import { Stats } from '../../src/engine/stats.js';

describe('Stats.selection', () => {
  it('reads the counters it keeps, keyed as a snapshot keys them, including counters created after it', () => {
    const stats = new Stats();
    stats.count('dram.channels', 'rd', 3);
    stats.count('dram.channels', 'ref', 1);
    const sel = stats.selection((component, action) => component.startsWith('dram') && action !== 'ref');
    stats.addBusy('dram.channels', 40);
    stats.count('tau', 'acc', 7);
    expect([...sel.read()]).toEqual([
      ['dram.channels/rd', 3],
      ['dram.channels/#busy', 40],
    ]);
  });

  it('gives current values on every read, as snapshot does', () => {
    const stats = new Stats();
    const sel = stats.selection(() => true);
    stats.count('buf', 'read', 2);
    const first = sel.read();
    stats.count('buf', 'read', 5);
    expect(first.get('buf/read')).toBe(2);
    expect(sel.read()).toEqual(stats.snapshot(['']));
  });

  it('settles scheduled counts before reading (counts a component brings up to date when read)', () => {
    const stats = new Stats();
    const c = stats.counter('mem', 'rd');
    let pending = 4;
    stats.onRead(() => {
      c.value += pending;
      pending = 0;
    });
    expect(stats.selection(() => true).read().get('mem/rd')).toBe(4);
  });
});
