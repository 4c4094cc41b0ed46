import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/workload/config-error.js';
import { findGraphProblem } from '../../src/workload/graph-check.js';
import { parseHgrnBitConfig } from '../../src/workload/hf-config.js';
import { buildHgrnBit, buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import { opHistogram, ternaryWeightCount } from '../../src/workload/op-histogram.js';
import type { MatVecOp, Op, TransferOp } from '../../src/workload/ops.js';
import { zooEntry } from '../../src/workload/zoo.js';

const cfg370 = zooEntry('mmfree-370m').config;
const d = 1024;
const I = 2816;

// Hand count of one layer from FACTS §1 and the released code (layers/hgrn_bit.py, modeling_hgrn_bit.py):
//   BitLinears: i, f, g, o (d×d), gate_proj (d→2I), down_proj (I→d): 6 × (rmsnorm + quantize + matvec + dequant mul)
//   norms outside BitLinears: attn_norm, g_norm, mlp_norm                                  -> rmsnorm 6 + 3 = 9
//   MLGRU: sigmoid(f); lower bound mul+add (not in layer 0); silu(i); 1-f (sub); f⊙h, (1-f)⊙c (2 mul); + (add)
//   output gate: silu(h), mul; residual add; GLU: silu, mul; residual add; h load + store
const layerHistogram = (withLowerBound: boolean): Record<string, number> => ({
  'elementwise.add': (withLowerBound ? 1 : 0) + 1 + 2,
  'elementwise.mul': 6 + (withLowerBound ? 1 : 0) + 2 + 1 + 1,
  'elementwise.sigmoid': 1,
  'elementwise.silu': 3,
  'elementwise.sub': 1,
  load: 1,
  matvec: 6,
  quantize: 6,
  rmsnorm: 9,
  store: 1,
});

const layerOps = (ops: Op[], l: number) => ops.filter((o) => o.layer === l);

describe('buildHgrnBitDecode', () => {
  const w = buildHgrnBitDecode(cfg370, { batch: 1, model: 'mmfree-370m' });

  it('is a valid graph with the workload fields set', () => {
    expect(findGraphProblem(w)).toBeNull();
    expect(w).toMatchObject({ model: 'mmfree-370m', family: 'hgrn_bit', phase: 'decode', batch: 1, layers: 24, context: 0 });
    expect(w.sequences).toBeUndefined(); // canonical: sequences = batch in decode
    expect(w.params!.total).toBe(w.params!.ternaryBlocks + w.params!.ternaryHead + w.params!.embedding + w.params!.other);
    expect(w.params).toMatchObject({ denseBlocks: 0, denseHead: 0 });
    // every matvec is ternary (weightDtype left out: the canonical form of ternary)
    for (const o of w.ops) if (o.kind === 'matvec') expect(o.weightDtype).toBeUndefined();
  });

  it('has the hand-counted op histogram per layer (layer 0 has no lower bound)', () => {
    expect(opHistogram(layerOps(w.ops, 0))).toEqual(layerHistogram(false));
    for (let l = 1; l < 24; l++) expect(opHistogram(layerOps(w.ops, l))).toEqual(layerHistogram(true));
    // 43 ops per layer with the lower bound, 41 without; outside: embedding load + final norm + lm_head (4) + logits store
    expect(w.ops.length).toBe(1 + 41 + 23 * 43 + 1 + 4 + 1);
  });

  it('per layer: 6 matvecs, four d×d, one d→2I, one I→d', () => {
    for (const l of [0, 7, 23]) {
      const shapes = layerOps(w.ops, l)
        .filter((o): o is MatVecOp => o.kind === 'matvec')
        .map((o) => `${o.dIn}->${o.dOut}`)
        .sort();
      expect(shapes).toEqual([`${I}->${d}`, ...Array(4).fill(`${d}->${d}`), `${d}->${2 * I}`].sort());
    }
  });

  it('the ternary weights of a decode step equal ternaryBlocks + ternaryHead', () => {
    expect(ternaryWeightCount(w.ops)).toBe(w.params!.ternaryBlocks + w.params!.ternaryHead);
    // and independently: 24·(4d² + 3dI) + 32000·d
    expect(ternaryWeightCount(w.ops)).toBe(24 * (4 * d * d + 3 * d * I) + 32000 * d);
  });

  it('ops outside the blocks: embedding load, final norm, ternary lm_head, logits store', () => {
    const outside = w.ops.filter((o) => o.layer === -1);
    expect(outside.map((o) => o.kind)).toEqual(['load', 'rmsnorm', 'rmsnorm', 'quantize', 'matvec', 'elementwise', 'store']);
    const head = outside.find((o): o is MatVecOp => o.kind === 'matvec')!;
    expect(head).toMatchObject({ dIn: d, dOut: 32000, weight: 'lm_head.weight' });
    expect(w.ops[0]).toMatchObject({ kind: 'load', space: 'embedding', bytes: 2 * d });
  });

  it('scales every size with the batch', () => {
    const B = 3;
    const wb = buildHgrnBitDecode(cfg370, { batch: B, model: 'x', zeroFraction: 0.4 });
    expect(wb.ops.length).toBe(w.ops.length);
    for (let k = 0; k < w.ops.length; k++) {
      const a = w.ops[k]!;
      const b = wb.ops[k]!;
      expect(b.id).toBe(a.id);
      if (a.kind === 'matvec' && b.kind === 'matvec') {
        expect(b.batch).toBe(B);
        expect(b.zeroFraction).toBe(0.4);
        expect(a.zeroFraction).toBe(0.31);
      } else if (a.kind === 'elementwise' && b.kind === 'elementwise') expect(b.length).toBe(B * a.length);
      else if ((a.kind === 'rmsnorm' || a.kind === 'quantize') && (b.kind === 'rmsnorm' || b.kind === 'quantize')) {
        expect(b.rows).toBe(B);
        expect(b.length).toBe(a.length);
      } else if ((a.kind === 'load' || a.kind === 'store') && (b.kind === 'load' || b.kind === 'store')) expect(b.bytes).toBe(B * a.bytes);
    }
    expect(wb.ops[0]).toMatchObject({ kind: 'load', bytes: 2 * d * B });
  });

  it('loads and stores the fp16 recurrent state h once per layer', () => {
    const st = w.ops.filter((o): o is TransferOp => (o.kind === 'load' || o.kind === 'store') && o.space === 'state');
    expect(st.length).toBe(48);
    for (const o of st) expect(o.bytes).toBe(2 * d);
    for (let l = 0; l < 24; l++) {
      expect(st.filter((o) => o.tensor === `layer${l}.h`).map((o) => o.kind)).toEqual(['load', 'store']);
    }
  });

  it('wires the recurrence, gate and residuals to what they read', () => {
    const byId = new Map(w.ops.map((o) => [o.id, o]));
    const deps = (id: string) => byId.get(id)!.deps;
    expect(deps('layers.5.attn.h.decay')).toEqual(['layers.5.attn.f.lb_add', 'layers.5.attn.h.load']);
    expect(deps('layers.0.attn.h.decay')).toEqual(['layers.0.attn.f.sigmoid', 'layers.0.attn.h.load']);
    expect(deps('layers.5.attn.h.input')).toEqual(['layers.5.attn.one_minus_f', 'layers.5.attn.c.silu']);
    expect(deps('layers.5.attn.h.store')).toEqual(['layers.5.attn.h.add']);
    expect(deps('layers.5.attn.g_norm')).toEqual(['layers.5.attn.g_proj.dequant']);
    expect(deps('layers.5.attn.g_norm.silu')).toEqual(['layers.5.attn.h.add']);
    expect(deps('layers.5.attn.residual')).toEqual(['layers.4.mlp.residual', 'layers.5.attn.o_proj.dequant']);
    expect(deps('layers.0.attn_norm')).toEqual(['embeddings.load']);
    expect(deps('layers.5.mlp.mul')).toEqual(['layers.5.mlp.silu', 'layers.5.mlp.gate_proj.dequant']);
    expect(deps('norm')).toEqual(['layers.23.mlp.residual']);
    expect(deps('layers.5.attn.i_proj.norm')).toEqual(['layers.5.attn_norm']);
    expect(byId.get('layers.5.mlp.silu')).toMatchObject({ length: I });
    expect(byId.get('layers.5.mlp.down_proj.norm')).toMatchObject({ length: I });
  });

  it('omits the lower bound when use_lower_bound is false', () => {
    const c = parseHgrnBitConfig({ model_type: 'hgrn_bit', hidden_size: 256, num_hidden_layers: 3, vocab_size: 1000, use_lower_bound: false });
    const wl = buildHgrnBitDecode(c, { batch: 1, model: 'small' });
    expect(wl.ops.some((o) => o.id.includes('lb_'))).toBe(false);
    for (let l = 0; l < 3; l++) expect(opHistogram(layerOps(wl.ops, l))).toEqual(layerHistogram(false));
    // no lower_bounds parameter either: other = L·(8d + I) + 2d with I = 768 for d = 256
    expect(wl.params!.other).toBe(3 * (8 * 256 + 768) + 2 * 256);
  });

  it('rejects a bad batch or zero fraction as ConfigErrors', () => {
    expect(() => buildHgrnBitDecode(cfg370, { batch: 0, model: 'x' })).toThrow(ConfigError);
    expect(() => buildHgrnBitDecode(cfg370, { batch: 1.5, model: 'x' })).toThrow(/batch: expected a positive integer/);
    expect(() => buildHgrnBitDecode(cfg370, { batch: 1, zeroFraction: 1, model: 'x' })).toThrow(/zeroFraction/);
  });
});

describe('buildHgrnBit prefill', () => {
  const N = 16;
  const S = 3;
  const T = N * S;
  const dec = buildHgrnBitDecode(cfg370, { batch: 1, model: 'mmfree-370m' });
  const pre = buildHgrnBit(cfg370, { phase: 'prefill', batch: S, promptTokens: N, model: 'mmfree-370m' });

  it('has the decode graph\'s ops, ids and histogram, with batch = N·S tokens and S sequences', () => {
    expect(findGraphProblem(pre)).toBeNull();
    expect(pre).toMatchObject({ phase: 'prefill', batch: T, sequences: S, context: 0, layers: 24 });
    expect(pre.ops.map((o) => o.id)).toEqual(dec.ops.map((o) => o.id));
    expect(opHistogram(pre.ops)).toEqual(opHistogram(dec.ops));
  });

  it('batches every projection over the N·S tokens (weights fetched once), the lm_head over the last token of each sequence', () => {
    for (const o of pre.ops) {
      if (o.kind !== 'matvec') continue;
      expect(o.batch).toBe(o.weight === 'lm_head.weight' ? S : T);
    }
  });

  it('scales element-wise ops and norms by N·S tokens; the state moves once per sequence', () => {
    for (let k = 0; k < dec.ops.length; k++) {
      const a = dec.ops[k]!;
      const b = pre.ops[k]!;
      const head = a.id.startsWith('lm_head') || a.id === 'logits.store';
      const tokens = head ? S : T;
      if (a.kind === 'elementwise' && b.kind === 'elementwise') expect(b.length).toBe(tokens * a.length);
      if ((a.kind === 'rmsnorm' || a.kind === 'quantize') && (b.kind === 'rmsnorm' || b.kind === 'quantize')) expect(b.rows).toBe(tokens);
      if ((a.kind === 'load' || a.kind === 'store') && (b.kind === 'load' || b.kind === 'store')) {
        expect(b.bytes).toBe((a.space === 'state' || head ? S : T) * a.bytes);
      }
    }
    // the recurrence over N steps: N·d element operations per sequence (here d = 1024)
    expect(pre.ops.find((o) => o.id === 'layers.3.attn.h.add')).toMatchObject({ length: T * d });
    expect(pre.ops.find((o) => o.id === 'layers.3.attn.h.load')).toMatchObject({ bytes: 2 * d * S });
  });

  it('rejects prompt tokens in a decode step and a bad prompt length', () => {
    expect(() => buildHgrnBit(cfg370, { phase: 'decode', batch: 1, promptTokens: 4, model: 'x' })).toThrow(/promptTokens: expected nothing in a decode step/);
    expect(() => buildHgrnBit(cfg370, { phase: 'prefill', batch: 1, promptTokens: 0, model: 'x' })).toThrow(/promptTokens: expected an integer from 1/);
  });
});
