import { describe, expect, it } from 'vitest';
import { boardPowerModel } from '../../src/power/board-power.js';
import { implementationOf } from '../../src/power/implementation.js';
import { deviceStaticPower, FPGA_DEVICES } from '../../src/hw/fpga/devices.js';
import { FPGA_BOARDS } from '../../src/hw/fpga/boards.js';
import { simulate } from '../../src/sim/simulate.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import { shippedDesign } from '../sim/helpers.js';

const w370 = () => workloadFromModelSpec({ zoo: 'mmfree-370m' }, { batch: 1 });

describe('FPGA static power', () => {
  it('doubles every 30 °C from its reference', () => {
    const d = FPGA_DEVICES['stratix10-sx2800']!;
    expect(deviceStaticPower(d, 85)).toBeCloseTo(10, 12);
    expect(deviceStaticPower(d, 55)).toBeCloseTo(5, 12);
  });

  it('is taken at the junction temperature the board\'s thermal path gives: Tj = inlet + θJA × FPGA power', () => {
    const design = shippedDesign('designs/fpga/d5005-paper-core.yaml');
    const st = boardPowerModel(design, implementationOf(design), []).staticAt(2);
    const th = FPGA_BOARDS['pac-d5005']!.thermal;
    const fpga = st.sources.find((s) => s.name === 'fpga')!.watts;
    const shell = st.sources.find((s) => s.name === 'shell')!.watts;
    expect(st.junctionC!).toBeCloseTo(th.ambientC + th.thetaJaCPerW * (2 + shell + fpga), 9);
    expect(fpga).toBeCloseTo(deviceStaticPower(FPGA_DEVICES['stratix10-sx2800']!, st.junctionC!), 12);
  });

  it('uses the junction temperature a design sets', () => {
    const design = shippedDesign('designs/fpga/d5005-paper-core.yaml', ['power.junctionTemperature=100 C']);
    const st = boardPowerModel(design, implementationOf(design), []).staticAt(0);
    expect(st.junctionC).toBe(100);
    expect(st.sources.find((s) => s.name === 'fpga')!.watts).toBeCloseTo(10 * 2 ** 0.5, 12);
  });

  it('warns when the heatsink cannot hold the device under its maximum junction temperature', () => {
    const design = shippedDesign('designs/fpga/d5005-paper-core.yaml');
    expect(boardPowerModel(design, implementationOf(design), []).staticAt(150).warnings[0]).toMatch(/^junction temperature \d+ °C: above the 100 °C the Intel Stratix 10 SX 2800/);
  });
});

describe('board power', () => {
  it('of the paper core on the PAC D5005 is near the paper\'s 13 W, nearly all of it static', () => {
    const r = simulate(shippedDesign('designs/fpga/d5005-paper-core.yaml'), w370(), { mode: 'fast' });
    expect(Math.abs(r.watts - 13) / 13).toBeLessThan(0.1);
    expect(r.staticWatts / r.watts).toBeGreaterThan(0.95);
  });

  it('adds the regulators\' loss: vrm = (1/η − 1) × everything behind the regulators (fans are not)', () => {
    const r = simulate(shippedDesign('designs/fpga/kv260-stream.yaml'), w370(), { mode: 'fast' });
    const eta = FPGA_BOARDS['kv260']!.overheads.vrmEfficiency;
    const vrm = r.power.byComponent.find((c) => c.component === 'vrm')!;
    const fans = r.power.byComponent.find((c) => c.component === 'board.fans')!;
    const behind = r.power.byComponent.filter((c) => c !== vrm && c !== fans).reduce((s, c) => s + c.dynamicW + c.staticW, 0);
    expect(vrm.dynamicW + vrm.staticW).toBeCloseTo(behind * (1 / eta - 1), 9);
    expect(r.watts).toBeCloseTo(behind / eta + fans.staticW, 9);
  });

  it('of an idle Alveo U55C is the 14.75 W its device static power was fitted to (PC2 Paderborn: 14.50, 15.04 W)', () => {
    const d = shippedDesign('designs/fpga/u280-hbm-stream.yaml', ['target.device=xcu55c', 'target.board=alveo-u55c', 'memory.standard=HBM2e-3.2', 'memory.timing.tCK=1111']);
    const r = simulate(d, w370(), { mode: 'fast' });
    expect(r.staticWatts).toBeGreaterThan(14.5);
    expect(r.staticWatts).toBeLessThan(15.04);
  });

  it('of an idle KV260 is the 9.15 W measured at its 12 V input (its "other" overhead was fitted to it)', () => {
    const r = simulate(shippedDesign('designs/fpga/kv260-stream.yaml'), w370(), { mode: 'fast' });
    expect(r.staticWatts).toBeCloseTo(9.15, 1);
  });

  it('counts every memory channel the board carries: PHYs on all, precharge standby on those the design leaves idle', () => {
    const design = shippedDesign('designs/fpga/d5005-paper-core.yaml');
    const st = boardPowerModel(design, implementationOf(design), []).staticAt(0);
    expect(st.sources.find((s) => s.name === 'memoryPhy')!.watts).toBeCloseTo(4 * 0.5, 12);
    // 3 idle DDR4-2400 channels × 8 devices × 1.2 V × IDD2N 38.25 mA
    expect(st.sources.find((s) => s.name === 'dram.idle')!.watts).toBeCloseTo(3 * 8 * 1.2 * 0.03825, 9);
  });

  it('of an ASIC adds leakage by unit, the memory PHYs and a 90% regulator', () => {
    const r = simulate(shippedDesign('designs/asic/asic-28nm-hbm2.yaml'), w370(), { mode: 'fast' });
    const phy = r.power.staticSources.find((s) => s.name === 'memoryPhy')!;
    expect(phy.watts).toBeCloseTo(8 * (1 / 8), 12);
    const leak = r.implementation!.target === 'asic' ? r.implementation!.leakageW : 0;
    const unitLeak = r.power.staticSources.filter((s) => s.source.startsWith('leakage of')).reduce((s, x) => s + x.watts, 0);
    expect(unitLeak).toBeCloseTo(leak, 12);
    const vrm = r.power.byComponent.find((c) => c.component === 'vrm')!;
    expect(vrm.staticW + vrm.dynamicW).toBeCloseTo((r.watts - vrm.staticW - vrm.dynamicW) * (1 / 0.9 - 1), 9);
  });
});
