import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkModelFits, memoryCapacity, workloadFootprint } from '../../src/design/fit.js';
import { parseDesign } from '../../src/design/parse-design.js';
import { buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import { parseHgrnBitConfig } from '../../src/workload/hf-config.js';
import { ZOO, zooModelNames } from '../../src/workload/zoo.js';

const design = (file: string, overrides: string[] = []) => parseDesign(readFileSync(file, 'utf8'), file, overrides);
const GiB = 2 ** 30;

describe('the DRAM capacity of a design', () => {
  it('is channels × the rank size of its standard: 8 GiB per DDR4-2400 channel, 1 GiB per HBM2 channel (8 GiB stack, DRAMsim3 channel_size 1024 MB)', () => {
    expect(memoryCapacity(design('designs/fpga/d5005-paper-core.yaml'))).toEqual({ bytes: 8 * GiB, description: '1 channel × 8 GiB of DDR4-2400', kind: 'DRAM' });
    expect(memoryCapacity(design('designs/fpga/d5005-stream.yaml'))?.bytes).toBe(32 * GiB);
    expect(memoryCapacity(design('designs/asic/asic-28nm-hbm2.yaml'))).toEqual({ bytes: 8 * GiB, description: '8 channels × 1 GiB of HBM2-2.0', kind: 'DRAM' });
  });

  it('is unlimited for an ideal memory', () => {
    expect(memoryCapacity(design('designs/fpga/d5005-paper-core.yaml', ['memory={type: ideal, latencyCycles: 12}']))).toBeNull();
  });
});

describe('whether a model fits', () => {
  it('every zoo model fits in every shipped design', () => {
    for (const file of ['designs/fpga/d5005-paper-core.yaml', 'designs/fpga/d5005-stream.yaml', 'designs/asic/asic-28nm-hbm2.yaml']) {
      for (const name of zooModelNames()) {
        expect(() => checkModelFits(design(file), file, buildHgrnBitDecode(ZOO[name]!.config, { batch: 1, model: name }), name)).not.toThrow();
      }
    }
  });

  it('counts packed weights, the fp16 embedding table and the DRAM vectors', () => {
    const w = buildHgrnBitDecode(ZOO['mmfree-370m']!.config, { batch: 1, model: 'mmfree-370m' });
    const f = workloadFootprint(w, '2bit');
    expect(f.weights).toBe((w.params!.ternaryBlocks + w.params!.ternaryHead) / 4);
    expect(f.embedding).toBe(32000 * 1024 * 2);
    expect(f.total).toBe(f.weights + f.embedding + f.kvCache + f.vectors);
  });

  it('a model too big for the DRAM is an InputError naming the model, the design and both sizes', () => {
    const config = parseHgrnBitConfig({ model_type: 'hgrn_bit', hidden_size: 16384, num_hidden_layers: 24, vocab_size: 32000 });
    const w = buildHgrnBitDecode(config, { batch: 1, model: 'big' });
    expect(() => checkModelFits(design('designs/asic/asic-28nm-hbm2.yaml'), 'asic.yaml', w, 'big.json')).toThrow(
      'big.json: does not fit: expected at most the 8 GiB of DRAM of asic.yaml (memory: 8 channels × 1 GiB of HBM2-2.0), got a model that needs 15.49 GiB (1.6bit packed weights 14.52 GiB, fp16 embedding table 1000 MiB, vectors 862.5 KiB)',
    );
  });
});
