import { describe, it, expect } from 'vitest';
import { AddressMapper, parseMappingScheme, type DramAddress } from '../../../src/hw/dram/address-mapping.js';
import { resolveDramStandard } from '../../../src/hw/dram/standards.js';

const ddr4 = resolveDramStandard('DDR4-2400').organization;
const hbm2 = resolveDramStandard('HBM2-2.0').organization;

function at(m: AddressMapper, addr: number): DramAddress {
  return { ...m.decode(addr) };
}

describe('address mapping', () => {
  it('burst size is bus width × BL', () => {
    expect(new AddressMapper('RoBaCoBgCh', ddr4, 1).burstBytes).toBe(8 * 8);
    expect(new AddressMapper('RoBaCoBgCh', hbm2, 8).burstBytes).toBe(16 * 4);
  });

  it('RoBaCoBgCh on one DDR4 channel: bank group, then column, then bank, then row', () => {
    const m = new AddressMapper('RoBaCoBgCh', ddr4, 1);
    expect(at(m, 0)).toEqual({ channel: 0, pseudoChannel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 });
    expect(at(m, 63)).toEqual(at(m, 0)); // same burst
    expect(at(m, 64).bankGroup).toBe(1);
    expect(at(m, 192).bankGroup).toBe(3);
    expect(at(m, 256)).toMatchObject({ bankGroup: 0, column: 8, bank: 0, row: 0 });
    // 4 bank groups × 128 bursts per 8 KiB row = 32 KiB before the bank changes.
    expect(at(m, 32 * 1024)).toMatchObject({ bankGroup: 0, column: 0, bank: 1, row: 0 });
    // 4 banks × 32 KiB = 128 KiB before the row changes.
    expect(at(m, 128 * 1024)).toMatchObject({ bankGroup: 0, column: 0, bank: 0, row: 1 });
  });

  it('RoBaCoBgCh on 8 HBM2 channels: channel, then bank group at burst granularity', () => {
    const m = new AddressMapper('RoBaCoBgCh', hbm2, 8);
    for (let i = 0; i < 8; i++) expect(at(m, i * 64)).toMatchObject({ channel: i, bankGroup: 0 });
    expect(at(m, 512)).toMatchObject({ channel: 0, bankGroup: 1, column: 0 });
    expect(at(m, 4 * 512)).toMatchObject({ channel: 0, bankGroup: 0, column: 4 });
    // 8 ch × 4 BG × 32 bursts of 64 B (2 KiB page) = 64 KiB before the bank changes.
    expect(at(m, 64 * 1024)).toMatchObject({ channel: 0, bank: 1, row: 0 });
    expect(m.capacityBytes).toBe(8 * 1024 ** 3); // 8 GiB stack: 8 channels of 1 GiB (DRAMsim3 HBM2_8Gb_x128)
  });

  it('sequential bursts of any scheme visit every coordinate once (bijection)', () => {
    const small = { ...hbm2, rowsPerBank: 4, columnsPerRow: 8 };
    for (const scheme of ['RoBaCoBgCh', 'RoCoBaBgCh', 'RoBaBgCoCh', 'BgRoBaCoCh', 'ChRoBaBgCo', 'rochrababgco', 'RoRaBaPcCoBgCh']) {
      const m = new AddressMapper(scheme, { ...small, ranks: 2, pseudoChannels: 2 }, 2);
      const seen = new Set<string>();
      for (let a = 0; a < m.capacityBytes; a += m.burstBytes) {
        const d = m.decode(a);
        seen.add(JSON.stringify(d));
        expect(m.encode(d)).toBe(a);
      }
      expect(seen.size).toBe(m.capacityBytes / m.burstBytes);
    }
  });

  it('supports channel counts that are not powers of two (mixed radix)', () => {
    const m = new AddressMapper('RoBaCoBgCh', ddr4, 3);
    expect(at(m, 64).channel).toBe(1);
    expect(at(m, 128).channel).toBe(2);
    expect(at(m, 192)).toMatchObject({ channel: 0, bankGroup: 1 });
    const a = 123_456_789 * 64;
    expect(m.encode(m.decode(a))).toBe(a % m.capacityBytes);
  });

  it('wraps addresses modulo capacity', () => {
    const m = new AddressMapper('RoBaCoBgCh', ddr4, 1);
    expect(m.capacityBytes).toBe(8 * 1024 ** 3);
    expect(at(m, m.capacityBytes + 64)).toEqual(at(m, 64));
  });

  it('accepts DRAMsim3 lowercase strings with the same meaning (MSB first, co above the burst offset)', () => {
    const camel = new AddressMapper('RoChRaBaBgCo', ddr4, 2);
    const lower = new AddressMapper('rochrababgco', ddr4, 2); // DRAMsim3 DDR4_8Gb_x8_3200.ini
    for (const a of [0, 64, 8192, 123456 * 64, 2 ** 33 - 64]) expect(lower.decode(a)).toEqual(camel.decode(a));
    // co is lowest: 128 bursts of one 8 KiB row, then the bank group.
    expect(at(lower, 64)).toMatchObject({ column: 8, bankGroup: 0 });
    expect(at(lower, 8192)).toMatchObject({ column: 0, bankGroup: 1 });
    expect(parseMappingScheme('rorabgbachco')).toEqual(['Ro', 'Ra', 'Bg', 'Ba', 'Ch', 'Co']); // DRAMsim3 HBM2 config
    expect(() => parseMappingScheme('roChrababgco')).toThrow(/invalid DRAM address mapping/); // mixed spellings
  });

  it('places a missing Pc just above Ch and a missing Ra just below Ro', () => {
    const pc = resolveDramStandard('HBM2-2.0-PC').organization;
    const m = new AddressMapper('RoBaCoBgCh', pc, 8);
    expect(m.fields).toEqual(['Ro', 'Ra', 'Ba', 'Co', 'Bg', 'Pc', 'Ch']);
    expect(at(m, 0)).toMatchObject({ channel: 0, pseudoChannel: 0 });
    expect(at(m, 7 * 32)).toMatchObject({ channel: 7, pseudoChannel: 0 }); // 32-byte bursts
    expect(at(m, 8 * 32)).toMatchObject({ channel: 0, pseudoChannel: 1, bankGroup: 0 });
    expect(at(m, 16 * 32)).toMatchObject({ channel: 0, pseudoChannel: 0, bankGroup: 1 });
    const dual = new AddressMapper('RoBaCoBgCh', { ...ddr4, ranks: 2 }, 1);
    // The rank sits just below the row: after the 4 banks × 32 KiB of a row set, then the next row.
    expect(at(dual, 128 * 1024)).toMatchObject({ rank: 1, bank: 0, row: 0 });
    expect(at(dual, 256 * 1024)).toMatchObject({ rank: 0, bank: 0, row: 1 });
  });

  it('channel interleaving granularity keeps that many bytes in one channel', () => {
    const m = new AddressMapper('RoBaCoBgCh', ddr4, 4, { channelInterleaveBytes: 4096 });
    for (let a = 0; a < 4096; a += 64) expect(at(m, a).channel).toBe(0);
    expect(at(m, 4096).channel).toBe(1);
    expect(at(m, 3 * 4096).channel).toBe(3);
    expect(at(m, 4 * 4096).channel).toBe(0);
    // Inside a 4 KiB chunk the fields keep their order: bank groups rotate, then columns.
    expect(at(m, 64)).toMatchObject({ bankGroup: 1, column: 0 });
    expect(at(m, 256)).toMatchObject({ bankGroup: 0, column: 8 });
    // 4 KiB = 64 bursts = 4 bank groups × 16 of the 128 columns: the column field is split around Ch.
    expect(at(m, 4 * 4096)).toMatchObject({ bankGroup: 0, column: 16 * 8 });
    for (const a of [0, 4096, 65536 + 192, 123457 * 64]) expect(m.encode(m.decode(a))).toBe(a);
    expect(() => new AddressMapper('RoBaCoBgCh', ddr4, 4, { channelInterleaveBytes: 96 })).toThrow(/multiple of the burst/);
    expect(() => new AddressMapper('RoBaCoBgCh', ddr4, 4, { channelInterleaveBytes: 64 * 3 })).toThrow(/field boundary/);
  });

  it('rejects malformed schemes with the list of named ones', () => {
    expect(() => parseMappingScheme('RoBaCoBg')).toThrow(/Ch.*named schemes: RoBaCoBgCh/);
    expect(() => parseMappingScheme('RoRoBaCoBgCh')).toThrow(/invalid DRAM address mapping/);
    expect(() => parseMappingScheme('RoBaCoBgChX')).toThrow(/invalid/);
    expect(parseMappingScheme('RoBaRaCoBgCh')).toEqual(['Ro', 'Ba', 'Ra', 'Co', 'Bg', 'Ch']);
  });

  it('a cursor walks consecutive bursts exactly as decode does, across carries and the capacity wrap', () => {
    const lp5 = resolveDramStandard('LPDDR5-6400').organization;
    const cases: [AddressMapper, number][] = [
      [new AddressMapper('RoBaCoBgCh', ddr4, 1), 0],
      [new AddressMapper('RoCoBaBgCh', hbm2, 8), 12345],
      [new AddressMapper('rochrababgco', ddr4, 3), 777], // three channels: not powers of two
      [new AddressMapper('RoBaCoBgCh', lp5, 6, { channelInterleaveBytes: 256 }), 99],
    ];
    for (const [m, start] of cases) {
      const c = m.cursor();
      const B = m.burstBytes;
      const total = m.capacityBytes / B;
      c.seek(start);
      for (let i = start; i < start + 5000; i++, c.next()) expect({ ...c }).toMatchObject(at(m, i * B));
      // The last bursts of the address space, then the wrap to burst 0.
      c.seek(total - 3);
      for (let i = 0; i < 6; i++, c.next()) expect({ ...c }).toMatchObject(at(m, ((total - 3 + i) % total) * B));
    }
  });

  it('counts a burst range per channel in closed form, as decoding each burst does, across the capacity wrap', () => {
    const lp5 = resolveDramStandard('LPDDR5-6400').organization;
    const hbm2pc = resolveDramStandard('HBM2-2.0-PC').organization;
    const mappers = [
      new AddressMapper('RoBaCoBgCh', hbm2pc, 16), // the U280's: 16 channels × 2 pseudo-channels below the bank groups
      new AddressMapper('RoCoBaBgCh', hbm2, 8),
      new AddressMapper('rochrababgco', ddr4, 3), // channel above column, bank group, bank, rank
      new AddressMapper('ChRoBaBgCo', ddr4, 2), // channel at the top
      new AddressMapper('RoBaCoBgCh', lp5, 6, { channelInterleaveBytes: 256 }),
    ];
    for (const m of mappers) {
      const B = m.burstBytes;
      const total = m.capacityBytes / B;
      for (const [first, n] of [[0, 1], [5, 128], [1000, 777], [123457, 4096], [total - 40, 100]] as const) {
        const expected = new Array<number>(m.channels).fill(0);
        for (let i = first; i < first + n; i++) expected[m.decode((i % total) * B).channel]!++;
        const counts = new Int32Array(m.channels);
        m.countBurstsPerChannel(first, first + n - 1, counts);
        expect([...counts]).toEqual(expected);
      }
    }
  });
});
