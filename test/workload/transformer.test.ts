import { describe, expect, it } from 'vitest';
import { attentionCost } from '../../src/workload/attention-cost.js';
import { ConfigError } from '../../src/workload/config-error.js';
import { findGraphProblem } from '../../src/workload/graph-check.js';
import { parseModelConfig } from '../../src/workload/model-config.js';
import { opHistogram, ternaryWeightCount } from '../../src/workload/op-histogram.js';
import type { AttentionOp, MatVecOp, Op, Workload } from '../../src/workload/ops.js';
import { summarizeWorkload } from '../../src/workload/summary.js';
import { buildTransformer, resolvePhaseLengths, transformerParamCounts } from '../../src/workload/transformer.js';
import { parseTransformerConfig } from '../../src/workload/transformer-config.js';
import { MODEL_ZOO, modelZooEntry } from '../../src/workload/zoo.js';
import { thrown } from '../helpers/thrown.js';

const cfg = (name: string) => {
  const e = modelZooEntry(name);
  if (e.family === 'hgrn_bit') throw new Error(name);
  return e.config;
};
const layerOps = (w: Workload, l: number) => w.ops.filter((o) => o.layer === l);
const byId = (w: Workload) => new Map(w.ops.map((o) => [o.id, o]));
const shapes = (ops: Op[]) =>
  ops.filter((o): o is MatVecOp => o.kind === 'matvec').map((o) => `${o.weight.replace(/^model\.layers\.\d+\./, '')} ${o.dIn}->${o.dOut}`);

const errorOf = (f: () => unknown): ConfigError => thrown(f, ConfigError);

// Hand counts of one layer (transformers' LlamaDecoderLayer; the 1bitLLM and transformers BitNet code):
//   Llama:  input_layernorm, q/k/v (3 matvecs), RoPE q and k (2 mul + 2 add), attention, o_proj, residual add,
//           post_attention_layernorm, gate/up (2 matvecs), SiLU, mul, down_proj, residual add          = 18 ops
//   BitNet: the same with every projection a BitLinear (quantize + matvec + dequant mul: 7 × 3) and the
//           sub-norms before o_proj and down_proj (2 rmsnorm); relu² (2B-4T) is one mul instead of SiLU = 34 ops
const LLAMA_LAYER = { attention: 1, 'elementwise.add': 4, 'elementwise.mul': 3, 'elementwise.silu': 1, matvec: 7, rmsnorm: 2 };
const BITNET_LAYER = { attention: 1, 'elementwise.add': 4, 'elementwise.mul': 10, 'elementwise.silu': 1, matvec: 7, quantize: 7, rmsnorm: 4 };
const BITNET_2B4T_LAYER = { attention: 1, 'elementwise.add': 4, 'elementwise.mul': 11, matvec: 7, quantize: 7, rmsnorm: 4 };

describe('parseTransformerConfig', () => {
  it('tells the families apart: plain Llama, 1bitLLM BitNet (model_type llama + weight_bits), BitNet 2B-4T (model_type bitnet)', () => {
    expect(cfg('llama-2-7b')).toMatchObject({ family: 'llama', variant: 'llama', numKeyValueHeads: 32, headDim: 128, hiddenAct: 'silu', tieWordEmbeddings: false });
    expect(cfg('bitnet-b1.58-700m')).toMatchObject({ modelType: 'llama', family: 'bitnet', variant: 'bitnet-1bitllm', headDim: 96, tieWordEmbeddings: true, fullPrecisionDtype: 'fp16' });
    expect(cfg('bitnet-b1.58-3b')).toMatchObject({ headDim: 100, numHiddenLayers: 26 });
    expect(cfg('bitnet-b1.58-2b-4t')).toMatchObject({ modelType: 'bitnet', family: 'bitnet', variant: 'bitnet-2b4t', numKeyValueHeads: 5, headDim: 128, hiddenAct: 'relu2', fullPrecisionDtype: 'bf16', maxPositionEmbeddings: 4096 });
    const base = { model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100 };
    expect(parseTransformerConfig({ ...base, architectures: ['BitnetForCausalLM'] }).family).toBe('bitnet');
    expect(parseTransformerConfig({ ...base, input_bits: 8 }).family).toBe('bitnet');
    expect(parseTransformerConfig(base)).toMatchObject({ family: 'llama', numKeyValueHeads: 4, headDim: 16, maxPositionEmbeddings: 2048, fullPrecisionDtype: 'bf16' });
    expect(parseTransformerConfig({ ...base, head_dim: 32, num_key_value_heads: null }).headDim).toBe(32);
  });

  it('names the key and the expectation of a bad or unmodelled value', () => {
    const base = { model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100 };
    const { intermediate_size: _i, ...noI } = base;
    expect(errorOf(() => parseTransformerConfig(noI)).message).toBe('intermediate_size: expected a positive integer, got nothing');
    expect(errorOf(() => parseTransformerConfig({ ...base, num_key_value_heads: 3 })).message).toBe('num_key_value_heads: expected a divisor of num_attention_heads (4), got 3');
    expect(errorOf(() => parseTransformerConfig({ ...base, num_attention_heads: 5 })).keyPath).toBe('num_attention_heads');
    expect(errorOf(() => parseTransformerConfig({ ...base, hidden_act: 'gelu' })).message).toBe('hidden_act: expected one of "silu", got "gelu"');
    expect(errorOf(() => parseTransformerConfig({ ...base, attention_bias: true })).message).toBe('attention_bias: expected false (biases in the projections are not modelled), got true');
    expect(errorOf(() => parseTransformerConfig({ ...base, mlp_bias: true })).keyPath).toBe('mlp_bias');
    expect(errorOf(() => parseTransformerConfig({ ...base, weight_bits: 2 })).keyPath).toBe('weight_bits');
    expect(errorOf(() => parseTransformerConfig({ ...base, input_bits: 4 })).keyPath).toBe('input_bits');
    expect(errorOf(() => parseTransformerConfig({ ...base, quantization_config: { quant_method: 'gptq' } })).keyPath).toBe('quantization_config.quant_method');
    expect(errorOf(() => parseTransformerConfig({ ...base, quantization_config: { bits: 4 } })).keyPath).toBe('quantization_config');
    expect(errorOf(() => parseTransformerConfig({ ...base, model_type: 'bitnet', hidden_act: 'gelu' })).message).toBe('hidden_act: expected one of "silu", "relu2", got "gelu"');
  });

  it('parseModelConfig dispatches on model_type and lists the supported ones', () => {
    expect(parseModelConfig(MODEL_ZOO['llama-370m']!.raw).modelType).toBe('llama');
    expect(parseModelConfig(MODEL_ZOO['mmfree-370m']!.raw).modelType).toBe('hgrn_bit');
    expect(errorOf(() => parseModelConfig({ model_type: 'gpt2' })).message).toBe('model_type: expected a supported model type ("hgrn_bit", "llama", "bitnet"), got "gpt2"');
  });
});

describe('Llama decode (llama-2-7b at context 1024, batch 1)', () => {
  const c = cfg('llama-2-7b');
  const w = buildTransformer(c, { model: 'llama-2-7b', batch: 1, context: 1024 });

  it('is a valid graph: embedding load, 32 layers of 18 ops, final norm, bf16 lm_head, logits store', () => {
    expect(findGraphProblem(w)).toBeNull();
    expect(w).toMatchObject({ family: 'llama', phase: 'decode', context: 1024, batch: 1, layers: 32 });
    for (const l of [0, 17, 31]) expect(opHistogram(layerOps(w, l))).toEqual(LLAMA_LAYER);
    expect(w.ops.length).toBe(1 + 32 * 18 + 3);
    expect(w.ops.filter((o) => o.layer === -1).map((o) => o.id)).toEqual(['embeddings.load', 'norm', 'lm_head.matvec', 'logits.store']);
  });

  it('projections are bf16 matvecs of the HF shapes (q/k/v/o 4096×4096, gate/up 4096→11008, down 11008→4096)', () => {
    expect(shapes(layerOps(w, 3))).toEqual([
      'self_attn.q_proj.weight 4096->4096',
      'self_attn.k_proj.weight 4096->4096',
      'self_attn.v_proj.weight 4096->4096',
      'self_attn.o_proj.weight 4096->4096',
      'mlp.gate_proj.weight 4096->11008',
      'mlp.up_proj.weight 4096->11008',
      'mlp.down_proj.weight 11008->4096',
    ]);
    for (const o of w.ops) if (o.kind === 'matvec') expect(o).toMatchObject({ weightDtype: 'bf16', zeroFraction: 0, batch: 1 });
    expect(w.ops.find((o) => o.id === 'lm_head.matvec')).toMatchObject({ weight: 'lm_head.weight', dIn: 4096, dOut: 32000 });
    expect(w.ops.some((o) => o.kind === 'quantize')).toBe(false);
    expect(ternaryWeightCount(w.ops)).toBe(0);
  });

  it('attention reads the K/V cache of C positions: 2·C·kvHeads·headDim·2 bytes per layer for a bf16 cache', () => {
    const a = w.ops.find((o) => o.id === 'layers.5.self_attn.attention') as AttentionOp;
    expect(a).toMatchObject({ heads: 32, kvHeads: 32, headDim: 128, context: 1024, batch: 1, kvBytesPerElement: 2 });
    expect(a.sequences).toBeUndefined();
    const cost = attentionCost(a);
    expect(cost.kvReadBytes).toBe(2 * 1024 * 32 * 128 * 2); // 16 MiB
    expect(cost.kvWriteBytes).toBe(2 * 32 * 128 * 2);
    expect(cost.macs).toBe(2 * 32 * 1024 * 128);
    expect(a.deps).toEqual(['layers.5.self_attn.rope.q.add', 'layers.5.self_attn.rope.k.add', 'layers.5.self_attn.v_proj.matvec']);
  });

  it('RoPE is element-wise on q and k: q·cos + rotate(q)·sin = 2 mul + 1 add per element', () => {
    const m = byId(w);
    expect(m.get('layers.0.self_attn.rope.q.mul')).toMatchObject({ fn: 'mul', length: 2 * 4096 });
    expect(m.get('layers.0.self_attn.rope.q.add')).toMatchObject({ fn: 'add', length: 4096 });
    expect(m.get('layers.0.self_attn.rope.k.mul')).toMatchObject({ fn: 'mul', length: 2 * 4096 });
  });

  it('its summary: bf16 weights 2 bytes each, MACs = weights touched, 512 MiB of K/V read per step', () => {
    const s = summarizeWorkload(w);
    const p = transformerParamCounts(c);
    expect(s.weightsByDtype).toEqual({ bf16: { matrices: 32 * 7 + 1, weights: p.denseBlocks! + p.denseHead!, bytes: 2 * (p.denseBlocks! + p.denseHead!) } });
    expect(s.denseMacs).toBe(p.denseBlocks! + p.denseHead!);
    expect(s.attention.kvReadBytes).toBe(32 * 2 * 1024 * 4096 * 2);
    expect(s.attention.kvReadBytes).toBe(512 * 2 ** 20);
  });
});

describe('BitNet decode', () => {
  it('1bitLLM 700M: every projection a BitLinear (quantize, ternary matvec, dequant), sub-norms, fp16 tied lm_head', () => {
    const c = cfg('bitnet-b1.58-700m');
    const w = buildTransformer(c, { model: 'x', batch: 1 });
    expect(findGraphProblem(w)).toBeNull();
    expect(w.context).toBe(1024); // the documented default
    for (const l of [0, 23]) expect(opHistogram(layerOps(w, l))).toEqual(BITNET_LAYER);
    expect(w.ops.length).toBe(1 + 24 * 34 + 3);
    const m = byId(w);
    expect(m.get('layers.2.self_attn.q_proj.quant')).toMatchObject({ kind: 'quantize', length: 1536, rows: 1, deps: ['layers.2.input_layernorm'] });
    expect(m.get('layers.2.self_attn.q_proj.matvec')).toMatchObject({ zeroFraction: 0.31, dIn: 1536, dOut: 1536 });
    expect((m.get('layers.2.self_attn.q_proj.matvec') as MatVecOp).weightDtype).toBeUndefined(); // ternary
    expect(m.get('layers.2.self_attn.inner_attn_ln')).toMatchObject({ kind: 'rmsnorm', length: 1536, deps: ['layers.2.self_attn.attention'] });
    expect(m.get('layers.2.mlp.ffn_layernorm')).toMatchObject({ kind: 'rmsnorm', length: 4096, deps: ['layers.2.mlp.mul'] });
    expect(m.get('layers.2.mlp.down_proj.quant')).toMatchObject({ deps: ['layers.2.mlp.ffn_layernorm'], length: 4096 });
    expect(m.get('lm_head.matvec')).toMatchObject({ weight: 'model.embed_tokens.weight', weightDtype: 'fp16', dIn: 1536, dOut: 32002 });
    expect(ternaryWeightCount(w.ops)).toBe(transformerParamCounts(c).ternaryBlocks);
  });

  it('2B-4T at batch 2, context 100: GQA K/V projections d→5·128, relu² as one multiply, bf16 tied lm_head', () => {
    const c = cfg('bitnet-b1.58-2b-4t');
    const w = buildTransformer(c, { model: 'x', batch: 2, context: 100 });
    expect(findGraphProblem(w)).toBeNull();
    for (const l of [0, 29]) expect(opHistogram(layerOps(w, l))).toEqual(BITNET_2B4T_LAYER);
    expect(shapes(layerOps(w, 0))).toEqual([
      'self_attn.q_proj.weight 2560->2560',
      'self_attn.k_proj.weight 2560->640',
      'self_attn.v_proj.weight 2560->640',
      'self_attn.o_proj.weight 2560->2560',
      'mlp.gate_proj.weight 2560->6912',
      'mlp.up_proj.weight 2560->6912',
      'mlp.down_proj.weight 6912->2560',
    ]);
    const m = byId(w);
    expect(m.get('layers.0.mlp.act_fn')).toMatchObject({ fn: 'mul', length: 2 * 6912, deps: ['layers.0.mlp.gate_proj.dequant'] });
    expect(m.get('layers.0.self_attn.attn_sub_norm')).toMatchObject({ length: 2560, rows: 2 });
    expect(m.get('layers.0.mlp.ffn_sub_norm')).toMatchObject({ length: 6912, rows: 2 });
    expect(m.get('layers.0.self_attn.rope.k.mul')).toMatchObject({ length: 2 * 640 * 2 });
    const a = m.get('layers.0.self_attn.attention') as AttentionOp;
    expect(a).toMatchObject({ heads: 20, kvHeads: 5, headDim: 128, context: 100, batch: 2 });
    // per layer, per step: 2·C·kvHeads·headDim·2 bytes for each of the 2 sequences
    expect(attentionCost(a).kvReadBytes).toBe(2 * 100 * 5 * 128 * 2 * 2);
    expect(m.get('lm_head.matvec')).toMatchObject({ weight: 'model.embed_tokens.weight', weightDtype: 'bf16', batch: 2, dOut: 128256 });
    expect(m.get('embeddings.load')).toMatchObject({ bytes: 2 * 2560 * 2 });
  });
});

describe('prefill of N prompt tokens', () => {
  const c = cfg('llama-370m');
  const N = 4;
  const S = 2;
  const C = 20; // 16 cached tokens + the 4 new ones
  const w = buildTransformer(c, { model: 'x', phase: 'prefill', batch: S, promptTokens: N, context: C });

  it('batches every matvec over the N·S tokens (weights fetched once); the lm_head over the last token of each sequence', () => {
    expect(findGraphProblem(w)).toBeNull();
    expect(w).toMatchObject({ phase: 'prefill', batch: N * S, sequences: S, context: C });
    for (const o of w.ops) if (o.kind === 'matvec') expect(o.batch).toBe(o.id === 'lm_head.matvec' ? S : N * S);
    for (const l of [0, 23]) expect(opHistogram(layerOps(w, l))).toEqual(LLAMA_LAYER);
    expect(byId(w).get('logits.store')).toMatchObject({ bytes: 2 * 32000 * S });
    expect(byId(w).get('norm')).toMatchObject({ rows: N * S });
  });

  it('attention over the causal prompt: N·S queries of S sequences; query j attends C − N + 1 + j positions', () => {
    const a = byId(w).get('layers.0.self_attn.attention') as AttentionOp;
    expect(a).toMatchObject({ batch: N * S, sequences: S, context: C, heads: 8, kvHeads: 8, headDim: 128 });
    const cost = attentionCost(a);
    // per sequence 17 + 18 + 19 + 20 = 74 positions, for 8 heads and 2 sequences
    expect(cost.scores).toBe(8 * 2 * 74);
    expect(cost.macs).toBe(2 * 128 * 8 * 2 * 74);
    // each sequence's cache (C positions) is read once; the N new positions are written
    expect(cost.kvReadBytes).toBe(2 * C * 1024 * 2 * S);
    expect(cost.kvWriteBytes).toBe(2 * N * 1024 * 2 * S);
  });

  it('defaults: a decode step at min(1024, max_position_embeddings); a prefill of the whole context', () => {
    expect(resolvePhaseLengths('decode', undefined, undefined, 2048)).toEqual({ newTokens: 1, context: 1024 });
    expect(resolvePhaseLengths('decode', undefined, undefined, 512)).toEqual({ newTokens: 1, context: 512 });
    expect(resolvePhaseLengths('prefill', undefined, undefined, 4096)).toEqual({ newTokens: 1024, context: 1024 });
    expect(resolvePhaseLengths('prefill', 300, undefined, 4096)).toEqual({ newTokens: 300, context: 300 });
    expect(resolvePhaseLengths('prefill', undefined, 64, 4096)).toEqual({ newTokens: 64, context: 64 });
    expect(resolvePhaseLengths('prefill', 300, 64, 4096)).toEqual({ newTokens: 64, context: 300 });
  });

  it('refuses a context beyond max_position_embeddings, a prompt longer than the context, prompt tokens in decode', () => {
    expect(errorOf(() => buildTransformer(c, { model: 'x', batch: 1, context: 4096 })).message).toBe('context: expected an integer from 1 to 2048 (max_position_embeddings), got 4096');
    expect(errorOf(() => buildTransformer(c, { model: 'x', phase: 'prefill', batch: 1, context: 8, promptTokens: 9 })).keyPath).toBe('promptTokens');
    expect(errorOf(() => buildTransformer(c, { model: 'x', phase: 'prefill', batch: 1, promptTokens: 4000 })).message).toBe('promptTokens: expected at most 2048 (max_position_embeddings), got 4000');
    expect(errorOf(() => buildTransformer(c, { model: 'x', batch: 1, promptTokens: 9 })).keyPath).toBe('promptTokens');
    expect(errorOf(() => buildTransformer(c, { model: 'x', batch: 1, kvBytesPerElement: 0 })).keyPath).toBe('kvBytesPerElement');
  });

  it('an int8 K/V cache halves the K/V bytes', () => {
    const w8 = buildTransformer(c, { model: 'x', batch: 1, context: 64, kvBytesPerElement: 1 });
    const w16 = buildTransformer(c, { model: 'x', batch: 1, context: 64 });
    expect(summarizeWorkload(w8).attention.kvReadBytes * 2).toBe(summarizeWorkload(w16).attention.kvReadBytes);
  });
});

describe('attentionCost', () => {
  it('equals the decode formulas of src/mapping/compile.ts when sequences is absent', () => {
    const op: AttentionOp = { kind: 'attention', id: 'a', deps: [], layer: 0, heads: 6, kvHeads: 2, headDim: 16, context: 37, batch: 3, kvBytesPerElement: 2 };
    const c = attentionCost(op);
    expect(c.kvReadBytes).toBe(2 * (op.context * op.kvHeads * op.headDim) * op.kvBytesPerElement * op.batch);
    expect(c.kvWriteBytes).toBe(2 * op.kvHeads * op.headDim * op.kvBytesPerElement * op.batch);
    expect(c.macs).toBe(2 * op.batch * op.heads * op.context * op.headDim);
    expect(c.scores).toBe(op.batch * op.heads * op.context);
    expect(attentionCost({ ...op, sequences: 3 })).toEqual(c);
  });
});
