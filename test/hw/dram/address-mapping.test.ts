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
    expect(at(m, 0)).toEqual({ channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 });
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
    // 8 ch × 4 BG × 16 bursts of 64 B = 32 KiB before the bank changes.
    expect(at(m, 32 * 1024)).toMatchObject({ channel: 0, bank: 1, row: 0 });
    expect(m.capacityBytes).toBe(4 * 1024 ** 3); // 4 GiB stack of 8 Gb dies
  });

  it('sequential bursts of any scheme visit every coordinate once (bijection)', () => {
    const small = { ...hbm2, rowsPerBank: 4, columnsPerRow: 8 };
    for (const scheme of ['RoBaCoBgCh', 'RoCoBaBgCh', 'RoBaBgCoCh', 'ChRoBaBgCo']) {
      const m = new AddressMapper(scheme, small, 2);
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

  it('rejects malformed schemes with the list of named ones', () => {
    expect(() => parseMappingScheme('RoBaCoBg')).toThrow(/Ch.*named schemes: RoBaCoBgCh/);
    expect(() => parseMappingScheme('RoRoBaCoBgCh')).toThrow(/invalid DRAM address mapping/);
    expect(() => parseMappingScheme('RoBaCoBgChX')).toThrow(/invalid/);
    expect(parseMappingScheme('RoBaRaCoBgCh')).toEqual(['Ro', 'Ba', 'Ra', 'Co', 'Bg', 'Ch']);
  });
});
