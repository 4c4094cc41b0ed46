import { describe, it, expect } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import { buildRwkvPaperBlock } from '../../src/workload/rwkv-paper-block.js';
import { buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import { parseHgrnBitConfig } from '../../src/workload/hf-config.js';
import { ZOO } from '../../src/workload/zoo.js';
import type { Workload } from '../../src/workload/ops.js';
import { shippedDesign } from './helpers.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';

const mmfree370m = buildHgrnBitDecode(ZOO['mmfree-370m']!.config, { batch: 1, model: 'mmfree-370m' });
/** A small HGRN-Bit model (d 256, 6 layers) so the byte-serial paper core can run it in cycle mode quickly. */
const small = buildHgrnBitDecode(parseHgrnBitConfig({ model_type: 'hgrn_bit', hidden_size: 256, num_hidden_layers: 6, vocab_size: 1000, intermediate_size: 768 }), { batch: 1, model: 'small' });

/** A U280 sweep point (2 HBM channels, 512 lanes, 450 MHz): 4.9 buffer halves per layer, so about every 11th layer crosses one fewer half boundary and runs 18% faster. */
const U280_TWO_CHANNELS = ['tau.lanes=512', 'clock=450 MHz', 'memory.channels=2'];

const mmfree13b = buildHgrnBitDecode(ZOO['mmfree-1.3b']!.config, { batch: 1, model: 'mmfree-1.3b' });
const U280_1P3B_TWO_CHANNELS = ['tau.lanes=1024', 'clock=350 MHz', 'memory.channels=2'];

const cases: [string, string, Workload, string[]?][] = [
  ['designs/fpga/d5005-paper-core.yaml', 'RWKV block d=512', buildRwkvPaperBlock(512)],
  ['designs/fpga/d5005-paper-core.yaml', 'HGRN-Bit d=256, 6 layers', small],
  ['designs/fpga/d5005-stream.yaml', 'mmfree-370m', mmfree370m],
  ['designs/asic/asic-28nm-hbm2.yaml', 'mmfree-370m', mmfree370m],
  ['designs/fpga/kv260-stream.yaml', 'mmfree-370m', mmfree370m],
  ['designs/fpga/u280-hbm-stream.yaml', 'mmfree-370m', mmfree370m],
  // Layers whose times follow the buffer's phase: folding two steady layers missed by 1.5%.
  ['designs/fpga/u280-hbm-stream.yaml', 'mmfree-370m on 2 HBM channels, 512 lanes, 450 MHz', mmfree370m, U280_TWO_CHANNELS],
  // 19.62 halves a layer: 8-layer phase periods drift 0.06 of a half, folded as the steady layer nearest in phase.
  ['designs/fpga/u280-hbm-stream.yaml', 'mmfree-1.3b on 2 HBM channels, 1024 lanes, 350 MHz', mmfree13b, U280_1P3B_TWO_CHANNELS],
  // Compute-bound: each weight fetch serves 16 prompt tokens, so the TAU sets the pace.
  ['designs/asic/asic-28nm-hbm2.yaml', 'a 16-token prefill of mmfree-370m', workloadFromModelSpec({ zoo: 'mmfree-370m' }, { phase: 'prefill', promptTokens: 16 })],
];

/** Runs `w` on the design in cycle and fast mode and checks they agree within `tolerance` (step time and W). */
function expectAgreement(path: string, w: Workload, tolerance: number, overrides: string[] = []): void {
  const design = shippedDesign(path, overrides);
  const cycle = simulate(design, w, { mode: 'cycle' });
  const fast = simulate(design, w, { mode: 'fast' });
  expect(Math.abs(fast.stepTimePs / cycle.stepTimePs - 1)).toBeLessThan(tolerance);
  expect(Math.abs(fast.watts / cycle.watts - 1)).toBeLessThan(tolerance);
  expect(fast.eventsProcessed).toBeLessThan(cycle.eventsProcessed);
  // Utilizations agree within one percentage point.
  for (const [unit, u] of Object.entries(cycle.units)) expect(Math.abs((fast.units[unit]?.busyFraction ?? 0) - u.busyFraction)).toBeLessThan(0.01);
}

describe('fast mode', () => {
  it.each(cases)('agrees with cycle mode within half a percent on %s running %s', (path, _name, w, overrides) => expectAgreement(path, w, 0.005, overrides));
});
