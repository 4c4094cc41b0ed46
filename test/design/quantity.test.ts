import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from '../../src/design/quantity.js';

describe('parseQuantity', () => {
  it('reads a frequency in MHz, kHz, GHz or Hz into hertz', () => {
    expect(parseQuantity('frequency', '60 MHz')).toEqual({ ok: true, value: 60e6 });
    expect(parseQuantity('frequency', '60 Hz')).toEqual({ ok: true, value: 60 });
    expect(parseQuantity('frequency', '2.5 kHz')).toEqual({ ok: true, value: 2500 });
    expect(parseQuantity('frequency', '1 GHz')).toEqual({ ok: true, value: 1e9 });
  });

  it('reads a time in ns, us, ms or s into picoseconds', () => {
    expect(parseQuantity('time', '150 ns')).toEqual({ ok: true, value: 150_000 });
    expect(parseQuantity('time', '3.9 us')).toEqual({ ok: true, value: 3_900_000 });
    expect(parseQuantity('time', '7 ps')).toEqual({ ok: true, value: 7 });
  });

  it('reads binary and decimal sizes into bytes', () => {
    expect(parseQuantity('size', '2 KiB')).toEqual({ ok: true, value: 2048 });
    expect(parseQuantity('size', '2 kB')).toEqual({ ok: true, value: 2000 });
    expect(parseQuantity('size', '1 GiB')).toEqual({ ok: true, value: 2 ** 30 });
  });

  it('reads a bandwidth in B/s … TB/s into bytes per second, and refuses a size where a bandwidth is due', () => {
    expect(parseQuantity('bandwidth', '31.5 GB/s')).toEqual({ ok: true, value: 31.5e9 });
    expect(parseQuantity('bandwidth', '4.8 TB/s')).toEqual({ ok: true, value: 4.8e12 });
    expect(parseQuantity('bandwidth', '16 GB')).toMatchObject({ ok: false, hint: 'a size, not a bandwidth' });
  });

  it('accepts exponents, a leading dot, spaces around and no space before the unit', () => {
    expect(parseQuantity('frequency', '1.5e3 MHz')).toEqual({ ok: true, value: 1.5e9 });
    expect(parseQuantity('voltage', '.9 V')).toEqual({ ok: true, value: 0.9 });
    expect(parseQuantity('power', '  13W ')).toEqual({ ok: true, value: 13 });
    expect(parseQuantity('length', '28nm')).toEqual({ ok: true, value: 28 });
  });

  it('leaves the sign to the schema: a negative quantity parses', () => {
    expect(parseQuantity('time', '-5 ns')).toEqual({ ok: true, value: -5000 });
  });

  it('refuses a bare number, because MHz and Hz must not be confused', () => {
    expect(parseQuantity('frequency', 60)).toEqual({
      ok: false,
      expected: 'a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz"',
      hint: 'a bare number has no unit',
    });
    expect(parseQuantity('size', '2048')).toEqual({ ok: false, expected: 'a size with a unit (B, KiB, MiB, GiB, kB, KB, MB, GB), e.g. "2 KiB"' });
  });

  it('names the dimension a unit of the wrong kind belongs to', () => {
    expect(parseQuantity('frequency', '60 ns')).toEqual({
      ok: false,
      expected: 'a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz"',
      hint: 'a time, not a frequency',
    });
    expect(parseQuantity('size', '4 GHz')).toMatchObject({ ok: false, hint: 'a frequency, not a size' });
  });

  it('names a unit it does not know, and is case-sensitive (mHz is not MHz, Kb is not KB)', () => {
    expect(parseQuantity('frequency', '60 mhz')).toMatchObject({ ok: false, hint: 'unknown unit "mhz"' });
    expect(parseQuantity('size', '64 Kb')).toMatchObject({ ok: false, hint: 'unknown unit "Kb"' });
  });

  it('refuses anything that is not a number followed by a unit', () => {
    for (const v of ['fast', '', 'MHz 60', '60 MHz extra', '1,000 Hz', null, true, [60, 'MHz'], { value: 60 }]) {
      expect(parseQuantity('frequency', v)).toEqual({ ok: false, expected: 'a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz"' });
    }
  });

  it('refuses a value that overflows', () => {
    expect(parseQuantity('frequency', '1e400 Hz')).toMatchObject({ ok: false });
  });
});

describe('formatQuantity', () => {
  it('prints a base-unit value in the largest unit that keeps it at least 1', () => {
    expect(formatQuantity('frequency', 1e6)).toBe('1 MHz');
    expect(formatQuantity('frequency', 10e9)).toBe('10 GHz');
    expect(formatQuantity('size', 8 * 2 ** 30)).toBe('8 GiB');
    expect(formatQuantity('size', 862.5 * 1024)).toBe('862.5 KiB');
    expect(formatQuantity('time', 165_000)).toBe('165 ns');
    expect(formatQuantity('power', 0.6)).toBe('600 mW');
  });
});
