import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/workload/config-error.js';
import { defaultIntermediateSize } from '../../src/workload/hf-config.js';
import { hgrnBitParamCounts } from '../../src/workload/hgrn-bit.js';
import { ZOO, zooEntry, zooModelNames } from '../../src/workload/zoo.js';

// FACTS.md §1, "Released models": layers, d, I, and the published/derived parameter figures.
const published = {
  'mmfree-370m': { L: 24, d: 1024, I: 2816, total: 374.1e6, blocks: 308.3e6, head: 32.8e6 },
  'mmfree-1.3b': { L: 24, d: 2048, I: 5632, total: 1.365e9, blocks: 1.233e9, head: 65.5e6 },
  'mmfree-2.7b': { L: 32, d: 2560, I: 6912, total: 2.702e9, blocks: 2.538e9, head: 81.9e6 },
} as const;

const within = (actual: number, expected: number, rel: number) => {
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(rel);
};

describe('zoo', () => {
  it('ships the three released models', () => {
    expect(zooModelNames()).toEqual(['mmfree-1.3b', 'mmfree-2.7b', 'mmfree-370m']);
    for (const name of zooModelNames()) {
      expect(ZOO[name]!.source).toMatch(/ridger\/MMfreeLM-/);
      expect(ZOO[name]!.description.length).toBeGreaterThan(0);
    }
  });

  it('configs carry the HGRNBitConfig fields FACTS lists', () => {
    for (const [name, p] of Object.entries(published)) {
      const raw = ZOO[name]!.raw;
      expect(raw).toMatchObject({
        model_type: 'hgrn_bit',
        hidden_size: p.d,
        num_hidden_layers: p.L,
        intermediate_size: p.I,
        hidden_ratio: 4,
        vocab_size: 32000,
        max_position_embeddings: 2048,
        rms_norm_eps: 1e-6,
        num_heads: 1,
        expand_ratio: 1,
        use_lower_bound: true,
        attn_mode: 'fused_recurrent',
        tie_word_embeddings: false,
      });
      // The shipped I agrees with the rule the code uses when intermediate_size is null.
      expect(defaultIntermediateSize(p.d)).toBe(p.I);
      expect(ZOO[name]!.config.intermediateSize).toBe(p.I);
    }
  });

  it('parameter totals match the published figures within 0.1%', () => {
    for (const [name, p] of Object.entries(published)) {
      const c = hgrnBitParamCounts(ZOO[name]!.config);
      within(c.total, p.total, 0.001);
      within(c.ternaryBlocks, p.blocks, 0.001);
      within(c.ternaryHead, p.head, 0.001);
      expect(c.total).toBe(c.ternaryBlocks + c.ternaryHead + c.embedding + c.other);
    }
  });

  it('ternary block weights are exactly L·(4d² + 3dI), hand-computed', () => {
    // 370M: 4·1024² + 3·1024·2816 = 4,194,304 + 8,650,752 = 12,845,056 per layer
    expect(hgrnBitParamCounts(zooEntry('mmfree-370m').config).ternaryBlocks).toBe(24 * 12_845_056);
    // 1.3B: 4·2048² + 3·2048·5632 = 16,777,216 + 34,603,008 = 51,380,224 per layer
    expect(hgrnBitParamCounts(zooEntry('mmfree-1.3b').config).ternaryBlocks).toBe(24 * 51_380_224);
    // 2.7B: 4·2560² + 3·2560·6912 = 26,214,400 + 53,084,160 = 79,298,560 per layer
    expect(hgrnBitParamCounts(zooEntry('mmfree-2.7b').config).ternaryBlocks).toBe(32 * 79_298_560);
  });

  it('counts embedding, head and every norm gain plus the lower bounds', () => {
    const c = hgrnBitParamCounts(zooEntry('mmfree-370m').config);
    expect(c.embedding).toBe(32000 * 1024);
    expect(c.ternaryHead).toBe(32000 * 1024);
    // per layer: attn_norm, i/f/g/o BitLinear norms, g_norm, mlp_norm, gate_proj norm (8·d) + down_proj norm (I);
    // plus final norm and lm_head norm (2d) and lower_bounds (L·d)
    expect(c.other).toBe(24 * (8 * 1024 + 2816) + 2 * 1024 + 24 * 1024);
  });

  it('an unknown name lists the known ones', () => {
    expect(() => zooEntry('mmfree-7b')).toThrow(ConfigError);
    expect(() => zooEntry('mmfree-7b')).toThrow(/mmfree-1\.3b, mmfree-2\.7b, mmfree-370m/);
    expect(() => zooEntry('toString')).toThrow(ConfigError);
    expect('toString' in ZOO).toBe(false);
  });
});
