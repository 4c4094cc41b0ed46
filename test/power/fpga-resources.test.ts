import { describe, expect, it } from 'vitest';
import { fpgaResources } from '../../src/power/fpga-resources.js';
import { implementationOf } from '../../src/power/implementation.js';
import { fitProblems } from '../../src/power/implementation-fit.js';
import { shippedDesign } from '../sim/helpers.js';

const used = (path: string, resource: string, overrides: string[] = []) => fpgaResources(shippedDesign(path, overrides)).totals.find((t) => t.resource === resource)!.used;
const problems = (path: string, overrides: string[] = []) => {
  const d = shippedDesign(path, overrides);
  return fitProblems(d, implementationOf(d));
};

describe('FPGA resources', () => {
  it('of the KV260 design add up by hand: 512 adders × 20 LUTs + 32 lanes × 3 adders × 16 + 2 readers, control, the PS port and the base platform', () => {
    // 10,240 + 1,536 + 3,000 + 3,000 + 1,500 + 14,410 LUTs
    expect(used('designs/fpga/kv260-stream.yaml', 'LUT')).toBe(512 * 20 + 32 * 3 * 16 + 2 * 1500 + 3000 + 1500 + 14_410);
    // 2048 accumulators × 20 bits + 64 lanes × 5 stages × 20 bits + 32 lanes × 48 + readers, control, port, platform
    expect(used('designs/fpga/kv260-stream.yaml', 'register')).toBe(2048 * 20 + 64 * 5 * 20 + 32 * 48 + 2 * 3000 + 5000 + 3000 + 28_820);
  });

  it('put a Stratix 10 adder in half as many ALMs as bits (two adder bits an ALM)', () => {
    const e = fpgaResources(shippedDesign('designs/fpga/d5005-stream.yaml'));
    expect(e.units.find((u) => u.unit === 'tau.adders')!.use.ALM).toBe(256 * 8 * 10);
  });

  it('place a 256 KiB buffer of 16 × 256-bit banks in M20Ks: 16 × max(⌈256/40⌉, ⌈128 Kbit/20 Kbit⌉) = 112', () => {
    const e = fpgaResources(shippedDesign('designs/fpga/d5005-stream.yaml'));
    expect(e.units.find((u) => u.unit === 'weightBuffer')!.use.M20K).toBe(16 * Math.max(7, 7));
  });

  it('put a large SRAM in URAM on UltraScale+ when that takes the smaller share of the device', () => {
    const e = fpgaResources(shippedDesign('designs/fpga/kv260-stream.yaml'));
    // 1 MiB in 4 banks of 2 Mbit, 128-bit: BRAM36 would need 4 × 57 = 228 (158%), URAM 4 × 8 = 32 (50%).
    expect(e.units.find((u) => u.unit === 'activationSram')!.use).toEqual({ URAM: 32 });
  });
});

describe('the fit check', () => {
  it('passes the paper core on the D5005 and the shipped KV260 and U280 designs', () => {
    expect(problems('designs/fpga/d5005-paper-core.yaml')).toEqual([]);
    expect(problems('designs/fpga/kv260-stream.yaml')).toEqual([]);
    expect(problems('designs/fpga/u280-hbm-stream.yaml')).toEqual([]);
  });

  it('fails a KV260 design with the U280\'s adder array on LUTs, naming needed and available', () => {
    const p = problems('designs/fpga/kv260-stream.yaml', ['tau.lanes=1024']);
    expect(p).toHaveLength(1);
    expect(p[0]!.keyPath).toBe('target.device');
    // 8192 adders × 20 LUTs replace the design's 512 × 20: 33,686 − 10,240 + 163,840 = 187,286.
    expect(p[0]!.message).toBe('does not fit the AMD XCK26 (Kria K26 SOM, = XCZU5EV): LUT 187,286 needed, 117,120 available (tau.adders 163,840, shell 14,410, readers 3,000)');
  });

  it('fails a clock above the family fmax', () => {
    expect(problems('designs/fpga/u280-hbm-stream.yaml', ['clock=500 MHz'])).toEqual([{ keyPath: 'clock', message: 'expected at most the 450 MHz fmax assumed for the AMD XCU280 (Alveo U280, = XCVU37P), got 500 MHz' }]);
  });

  it('fails HBM2 at 2.0 Gb/s on the U280, whose HBM runs 1.8, and says which tCK to set', () => {
    const p = problems('designs/fpga/u280-hbm-stream.yaml', ['memory.timing.tCK=1000']);
    expect(p).toEqual([{ keyPath: 'memory.timing.tCK', message: "expected at most the 1.8 Gb/s per pin the AMD Alveo U280's HBM2 runs, got 2.00 Gb/s (tCK 1000 ps; set memory.timing.tCK to 1112)" }]);
  });

  it('fails a memory the board does not carry, and more channels than it has', () => {
    expect(problems('designs/fpga/d5005-stream.yaml', ['memory.standard=LPDDR4-3200'])[0]!.message).toBe('expected a memory the Intel FPGA PAC D5005 carries (DDR4), got LPDDR4-3200');
    expect(problems('designs/fpga/d5005-stream.yaml', ['memory.channels=5'])).toEqual([{ keyPath: 'memory.channels', message: 'expected at most the 4 DDR4-2400 channels of the Intel FPGA PAC D5005, got 5' }]);
  });
});
