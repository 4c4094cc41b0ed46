/**
 * Traces captured from real PyTorch models (tools/trace/capture.py, randomly initialised, run on
 * an NVIDIA H200 — see test/fixtures/traces/captured/README.md) against the op graph ternsim
 * builds itself for the same config, phase, batch and context: op for op the same ids, kinds,
 * dependencies, shapes, dtypes and bytes. Only the zero fraction differs: the capture measures it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workloadFromModelSpec, type ModelSpec } from '../../src/workload/model-spec.js';
import type { Op, Workload } from '../../src/workload/ops.js';
import { parseTrace } from '../../src/workload/trace-format.js';
import { isZooModel } from '../../src/workload/zoo.js';

const DIR = 'test/fixtures/traces/captured';
const CONFIGS = 'test/fixtures/traces';
const all = readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort();
/** Traces of capture.py's builtin models: complete graphs. */
const files = all.filter((f) => !f.startsWith('hf-'));
/** Traces through Hugging Face transformers: only what forward hooks see (linear layers, norms, activations). */
const hfFiles = all.filter((f) => f.startsWith('hf-'));

/** The spec ternsim builds for a captured trace: its zoo model, or the fixture config it was captured from. */
function specOf(w: Workload): ModelSpec {
  if (isZooModel(w.model)) return { zoo: w.model };
  const zooName = w.model.replace(/\.config$/, '');
  if (isZooModel(zooName)) return { zoo: zooName };
  return { config: JSON.parse(readFileSync(join(CONFIGS, `${w.model}.json`), 'utf8')), configName: w.model };
}

/** ternsim's own workload for the phase, batch and context a captured trace was written for. */
function ternsimTwin(w: Workload): Workload {
  const sequences = w.sequences ?? w.batch;
  return workloadFromModelSpec(specOf(w), {
    phase: w.phase,
    batch: sequences,
    ...(w.family === 'hgrn_bit' ? {} : { context: w.context }),
    ...(w.phase === 'prefill' ? { promptTokens: w.batch / sequences } : {}),
    zeroFraction: 0,
  });
}

/** An op without the measured zero fraction. */
function shape(op: Op): Record<string, unknown> {
  const { zeroFraction: _z, ...rest } = op as Op & { zeroFraction?: number };
  return rest;
}

/**
 * capture.py's layers keep PyTorch's nn.Linear initialisation, uniform on (−a, a). Absmean
 * ternarization zeroes |w| < ½·E|w| = ½·(a/2) = a/4, so a random layer measures P(|w| < a/4) = 1/4.
 */
const UNIFORM_ABSMEAN_ZERO_FRACTION = 0.25;

/**
 * Hugging Face models initialise linear layers from N(0, initializer_range²). Absmean ternarization
 * zeroes |w| < ½·E|w| = ½·σ·√(2/π): P = erf(√(2/π)/2/√2) = erf(0.2821) = 0.3101.
 */
const GAUSSIAN_ABSMEAN_ZERO_FRACTION = 0.3101;

describe('traces captured from PyTorch models', () => {
  it('are shipped for every family, decode and prefill', () => {
    const ws = files.map((f) => parseTrace(readFileSync(join(DIR, f), 'utf8')));
    expect(new Set(ws.map((w) => w.family))).toEqual(new Set(['hgrn_bit', 'bitnet', 'llama']));
    expect(new Set(ws.map((w) => w.phase))).toEqual(new Set(['decode', 'prefill']));
  });

  it.each(files)('%s matches ternsim’s own op graph op for op', (file) => {
    const captured = parseTrace(readFileSync(join(DIR, file), 'utf8'));
    const own = ternsimTwin(captured);
    expect({ ...captured, ops: [] }).toEqual({ ...own, ops: [] });
    expect(captured.ops.map((o) => o.id)).toEqual(own.ops.map((o) => o.id));
    captured.ops.forEach((op, i) => expect(shape(op)).toEqual(shape(own.ops[i]!)));
  });

  it.each(files)('%s: ternary layers of ≥ 64k weights measure the absmean zero fraction of a uniform layer, 1/4 ± 0.01', (file) => {
    const captured = parseTrace(readFileSync(join(DIR, file), 'utf8'));
    for (const op of captured.ops) {
      if (op.kind !== 'matvec') continue;
      if ((op.weightDtype ?? 'ternary') !== 'ternary') expect(op.zeroFraction).toBe(0);
      else if (op.dIn * op.dOut >= 65536) expect(Math.abs(op.zeroFraction - UNIFORM_ABSMEAN_ZERO_FRACTION)).toBeLessThan(0.01);
    }
  });

  // What transformers' stock classes do differently from the models ternsim builds, and why:
  // - a plain forward computes logits at every prompt position (ternsim: the last one, what
  //   generation needs), so the prefill's lm_head runs at batch = prompt tokens;
  // - the 1bitLLM BitNet configs need the authors' remote code for the sub-norms before o_proj and
  //   down_proj (inner_attn_ln, ffn_layernorm); the stock Llama class has none, 24 × (1536 + 4096)
  //   weights fewer for bitnet-b1.58-700m;
  // - a full-precision layer records the dtype it ran in (bf16 on the GPU) where ternsim states
  //   the config's torch_dtype (fp16): the same 2 bytes a weight.
  const SUB_NORM_WEIGHTS: Record<string, number> = { 'hf-bitnet-700m-decode.jsonl': 24 * (1536 + 4096) };

  it.each(hfFiles)('%s (through transformers) has ternsim’s parameter counts and every linear layer’s shape and dtype', (file) => {
    const captured = parseTrace(readFileSync(join(DIR, file), 'utf8'));
    const own = ternsimTwin(captured);
    const missing = SUB_NORM_WEIGHTS[file] ?? 0;
    expect(captured.params).toEqual({ ...own.params, other: own.params!.other - missing, total: own.params!.total - missing });
    const ownMatvecs = new Map(own.ops.filter((o) => o.kind === 'matvec').map((o) => [o.id, o]));
    const matvecs = captured.ops.filter((o) => o.kind === 'matvec');
    expect(matvecs.length).toBe(ownMatvecs.size);
    for (const op of matvecs) {
      const mine = ownMatvecs.get(op.id);
      expect(mine, op.id).toBeDefined();
      const allPositions = op.id === 'lm_head.matvec' && captured.phase === 'prefill' ? { batch: captured.batch } : {};
      const sixteenBit = ['bf16', 'fp16'];
      const runDtype = mine!.weightDtype && sixteenBit.includes(mine!.weightDtype) && sixteenBit.includes(op.weightDtype ?? '') ? { weightDtype: op.weightDtype } : {};
      expect(shape(op)).toMatchObject({ ...shape(mine!), deps: op.deps, ...allPositions, ...runDtype });
    }
  });

  it('measure the Gaussian absmean zero fraction 0.310 ± 0.01 in a BitNet initialised by transformers', () => {
    const captured = parseTrace(readFileSync(join(DIR, 'hf-bitnet-700m-decode.jsonl'), 'utf8'));
    const ternary = captured.ops.filter((o) => o.kind === 'matvec' && (o.weightDtype ?? 'ternary') === 'ternary');
    expect(ternary.length).toBe(24 * 7);
    for (const op of ternary) expect(Math.abs((op as { zeroFraction: number }).zeroFraction - GAUSSIAN_ABSMEAN_ZERO_FRACTION)).toBeLessThan(0.01);
  });
});
