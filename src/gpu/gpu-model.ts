import type { GpuDesign } from '../design/gpu-schema.js';
import type { Kernel } from './kernels.js';

/**
 * Token rows up to which a GEMM counts as skinny (its K dimension split across blocks, a time per
 * output element: efficiency.gemmOutputTime; its weight stream slowing with rows:
 * efficiency.gemmRowPenalty). Assumption: 64, the M tile of the GEMM kernels cuBLAS picks for small
 * batches; beyond it the GEMM is treated as full tiles, not split.
 */
const SKINNY_ROWS = 64;

/** Time, bytes and operations of one step on a GPU, kernel by kernel. */
export interface GpuStep {
  seconds: number;
  bytes: number;
  /** Of `bytes`, those the decode attention kernels moved (the K/V cache reads and writes). */
  attentionBytes: number;
  ops: number;
  /** Of `ops`, those of GEMMs (the tensor cores' work). */
  gemmOps: number;
  launches: number;
  /** Seconds the kernels spent limited by memory, by compute, and in fixed per-kernel time. */
  memorySeconds: number;
  computeSeconds: number;
  overheadSeconds: number;
}

/**
 * The time of one step: each kernel takes a fixed time plus its roofline time.
 * - Fixed: `kernelGraph` per kernel launched (launch, ramp-up and drain: the time a kernel that
 *   moves nothing still takes), plus, for a GEMM on more than one token row, `kernelGemm` (a
 *   tensor-core GEMM's set-up and split-K reduction, where one row runs as a GEMV) and, up to 64
 *   rows, `gemmOutputTime` per output element (the split-K partial sums, which grow with rows).
 * - Roofline: the larger of bytes / bandwidth and operations / (tensor rate × efficiency.compute).
 *   GEMMs, element-wise and copy kernels stream at efficiency.bandwidth of the peak (a skinny GEMM's
 *   weights slower as its rows grow: efficiency.gemmRowPenalty); the decode attention kernel at
 *   efficiency.attention × pairs / (pairs + attentionHalfPairs), its (query, head) pairs filling
 *   the GPU or not. Element-wise and attention work runs on the SIMT units, which the model bounds
 *   by bandwidth only (their arithmetic is far below either roof).
 * Launches: from a CUDA graph the step is the sum of the kernels' times; eagerly the CPU launches
 * kernels one by one (`kernelEager` each) while the GPU runs the ones already launched, so the step
 * takes the larger of the GPU's time and the CPU's.
 */
export function gpuStepTime(gpu: GpuDesign, kernels: readonly Kernel[]): GpuStep {
  const e = gpu.efficiency;
  const bw = gpu.memory.bandwidth * e.bandwidth;
  const attentionBw = gpu.memory.bandwidth * e.attention;
  const flops = gpu.tensor.bf16 * e.compute;
  const graph = gpu.implementation.launch === 'graph';
  const step: GpuStep = { seconds: 0, bytes: 0, attentionBytes: 0, ops: 0, gemmOps: 0, launches: 0, memorySeconds: 0, computeSeconds: 0, overheadSeconds: 0 };
  for (const k of kernels) {
    let mem: number;
    let comp = 0;
    let fixed = k.launches * e.kernelGraph * 1e-12;
    if (k.kind === 'gemm') {
      const rows = Math.min(k.rows, SKINNY_ROWS);
      mem = (k.bytes * (1 + (e.gemmRowPenalty * (rows - 1)) / (SKINNY_ROWS - 1))) / bw;
      comp = k.ops / flops;
      step.gemmOps += k.ops;
      if (k.rows > 1) fixed += e.kernelGemm * 1e-12;
      if (k.rows > 1 && k.rows <= SKINNY_ROWS) fixed += k.outputs * e.gemmOutputTime * 1e-12;
    } else if (k.kind === 'attention') {
      mem = (k.bytes / attentionBw) * (1 + e.attentionHalfPairs / k.pairs);
      step.attentionBytes += k.bytes;
    } else {
      mem = k.bytes / bw;
    }
    step.overheadSeconds += fixed;
    if (comp > mem) step.computeSeconds += comp;
    else step.memorySeconds += mem;
    step.bytes += k.bytes;
    step.ops += k.ops;
    step.launches += k.launches;
  }
  const gpuSeconds = step.memorySeconds + step.computeSeconds + step.overheadSeconds;
  const cpuSeconds = graph ? 0 : step.launches * e.kernelEager * 1e-12;
  if (cpuSeconds > gpuSeconds) {
    // The GPU waits for launches: the wait is overhead.
    step.overheadSeconds += cpuSeconds - gpuSeconds;
  }
  step.seconds = Math.max(gpuSeconds, cpuSeconds);
  return step;
}

/**
 * Board power during a step: idle power, plus the active power of a running GPU, plus
 * `perBandwidth` × the share of peak bandwidth the GEMM, element-wise and copy kernels achieve,
 * plus `perAttentionBandwidth` × the share the attention kernels achieve reading the K/V cache,
 * plus `perCompute` × the share of the dense tensor rate the GEMMs achieve, capped at the TDP.
 */
export function gpuBoardWatts(gpu: GpuDesign, step: GpuStep): number {
  const p = gpu.power;
  const share = (bytes: number) => bytes / step.seconds / gpu.memory.bandwidth;
  const computeShare = step.gemmOps / step.seconds / gpu.tensor.bf16;
  return Math.min(p.tdp, p.idle + p.active + p.perBandwidth * share(step.bytes - step.attentionBytes) + p.perAttentionBandwidth * share(step.attentionBytes) + p.perCompute * computeShare);
}
