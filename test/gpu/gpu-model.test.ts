import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GpuDesign } from '../../src/design/gpu-schema.js';
import { parseAnyDesign } from '../../src/design/parse-gpu-design.js';
import { whyModelDoesNotFitGpu } from '../../src/gpu/gpu-fit.js';
import { gpuStepTime } from '../../src/gpu/gpu-model.js';
import { simulateGpu } from '../../src/sim/simulate-gpu.js';
import type { Kernel } from '../../src/gpu/kernels.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';

const gpu = (file: string, overrides: string[] = []): GpuDesign => {
  const d = parseAnyDesign(readFileSync(file, 'utf8'), file, overrides);
  if (d.kind !== 'gpu') throw new Error(`${file} is not a GPU design`);
  return d;
};
const H200 = 'designs/gpu/h200.yaml';

describe('the GPU kernel model', () => {
  it('takes a large memory-bound GEMV its bytes at the efficient bandwidth: 1 GiB at 82% of 4.8 TB/s', () => {
    const g = gpu(H200);
    const k: Kernel = { name: 'gemv', kind: 'gemm', bytes: 2 ** 30, ops: 2 ** 30, launches: 1, rows: 1 };
    expect(gpuStepTime(g, [k]).seconds).toBeCloseTo(2 ** 30 / (4.8e12 * 0.82), 12);
  });

  it('gives a tiny kernel the per-launch floor of a CUDA graph, and eagerly the larger of GPU and CPU time', () => {
    const g = gpu(H200);
    const tiny: Kernel = { name: 'add', kind: 'elementwise', bytes: 6144, ops: 1024, launches: 1, rows: 1 };
    expect(gpuStepTime(g, [tiny]).seconds).toBeCloseTo(3.0e-6, 15);
    const eager = gpu(H200, ['implementation.launch=eager']);
    expect(gpuStepTime(eager, Array(10).fill(tiny)).seconds).toBeCloseTo(10 * 15.25e-6, 15);
  });

  it('returns the Result an accelerator returns, bound by what took most of the step', () => {
    const w = workloadFromModelSpec({ zoo: 'llama-2-7b' }, { context: 128 });
    const r = simulateGpu(gpu(H200), w);
    expect(r.design.target).toBe('gpu');
    expect(r.boundBy).toBe('dram-bandwidth');
    expect(r.joulesPerToken).toBeCloseTo(r.watts * r.msPerToken * 1e-3, 12);
    // Every bf16 projection and the head read once (plus the token's vectors).
    const weights = 2 * (w.params!.denseBlocks! + w.params!.denseHead!);
    expect(r.memory.weightBytes / weights).toBeGreaterThan(1);
    expect(r.memory.weightBytes / weights).toBeLessThan(1.001);
  });

  it('refuses a model that does not fit: Llama-2-7B in bf16 on a 12 GB RTX 3060', () => {
    const w = workloadFromModelSpec({ zoo: 'llama-2-7b' }, { context: 256 });
    expect(whyModelDoesNotFitGpu(gpu('designs/gpu/rtx3060.yaml'), 'rtx3060.yaml', w)).toMatch(/^does not fit: expected at most the 11\.18 GiB of GPU memory of rtx3060\.yaml, got a model that needs 12\.\d+ GiB/);
    expect(whyModelDoesNotFitGpu(gpu('designs/gpu/rtx4090.yaml'), 'rtx4090.yaml', w)).toBeNull();
  });
});

describe('calibrated on our H200 (designs/gpu/calibration/, tools/gpu/measure.py)', () => {
  type Measured = { models: { model: string; decode: { batch: number; context: number; graphMsMedian: number; averageWatts: number }[] }[] };
  const points = ['nvidia-h200-llama-decode.json', 'nvidia-h200-llama-decode-b64.json'].flatMap((f) =>
    (JSON.parse(readFileSync(`designs/gpu/calibration/${f}`, 'utf8')) as Measured).models.flatMap((m) => m.decode.map((d) => ({ model: m.model, ...d }))),
  );

  it.each(points)('$model at batch $batch, context $context: CUDA-graph decode time and board W within 15% of the measurement', (p) => {
    const r = simulateGpu(gpu(H200), workloadFromModelSpec({ zoo: p.model }, { batch: p.batch, context: p.context }));
    expect(Math.abs(r.msPerToken / p.graphMsMedian - 1)).toBeLessThan(0.15);
    expect(Math.abs(r.watts / p.averageWatts - 1)).toBeLessThan(0.15);
  });
});

describe('published batch-1 decode points the model never saw (FACTS.md §6)', () => {
  // Both run fused kernels with CUDA graphs (torch.compile; llama.cpp's own kernels).
  const fused = ['implementation.fuseElementwise=true'];
  it('gpt-fast, A100 80 GB, Llama-2-7B bf16: 104.9 tokens/s, within 20%', () => {
    const r = simulateGpu(gpu('designs/gpu/a100-80gb.yaml', fused), workloadFromModelSpec({ zoo: 'llama-2-7b' }, { context: 256 }));
    expect(Math.abs(r.tokensPerSecond / 104.9 - 1)).toBeLessThan(0.2);
  });

  it('llama.cpp, RTX 4090, 7B F16: 61 tokens/s, within 20%', () => {
    const r = simulateGpu(gpu('designs/gpu/rtx4090.yaml', fused), workloadFromModelSpec({ zoo: 'llama-2-7b' }, { context: 256 }));
    expect(Math.abs(r.tokensPerSecond / 61 - 1)).toBeLessThan(0.2);
  });
});
