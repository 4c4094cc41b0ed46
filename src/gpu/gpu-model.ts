import type { GpuDesign } from '../design/gpu-schema.js';
import type { Kernel } from './kernels.js';

/**
 * Token rows up to which a GEMM counts as skinny (its weight stream slows with rows; see
 * efficiency.gemmRowPenalty). Assumption: 64, the M tile of the GEMM kernels cuBLAS picks for small
 * batches; beyond it the GEMM is treated as a full tile.
 */
const SKINNY_ROWS = 64;

/** Time, bytes and operations of one step on a GPU, kernel by kernel. */
export interface GpuStep {
  seconds: number;
  bytes: number;
  ops: number;
  launches: number;
  /** Seconds the kernels spent limited by memory, by compute, and in fixed per-kernel time. */
  memorySeconds: number;
  computeSeconds: number;
  overheadSeconds: number;
}

/**
 * The time of one step. Each kernel takes max(bytes / (peak bandwidth × efficiency), operations /
 * (tensor rate × efficiency)); element-wise and attention work runs on the SIMT units, which the
 * model bounds by bandwidth only (their arithmetic is far below either roof), and the decode
 * attention kernel reaches its own share of the bandwidth. Launches:
 * - `graph`: a CUDA-graph replay still costs each kernel a floor (`kernelGraph` per launch: the
 *   launch and ramp of a kernel that moves little), so a kernel takes the larger of its roofline
 *   time and that floor;
 * - `eager`: the CPU launches kernels one by one (`kernelEager` each) while the GPU runs the ones
 *   already launched, so the step takes the larger of the GPU's time and the CPU's.
 */
export function gpuStepTime(gpu: GpuDesign, kernels: readonly Kernel[]): GpuStep {
  const bw = gpu.memory.bandwidth * gpu.efficiency.bandwidth;
  const attentionBw = gpu.memory.bandwidth * gpu.efficiency.attention;
  const flops = gpu.tensor.bf16 * gpu.efficiency.compute;
  const graph = gpu.implementation.launch === 'graph';
  const floor = gpu.efficiency.kernelGraph * 1e-12;
  const step: GpuStep = { seconds: 0, bytes: 0, ops: 0, launches: 0, memorySeconds: 0, computeSeconds: 0, overheadSeconds: 0 };
  for (const k of kernels) {
    const rows = Math.min(k.rows, SKINNY_ROWS);
    const penalty = k.kind === 'gemm' ? 1 + (gpu.efficiency.gemmRowPenalty * (rows - 1)) / (SKINNY_ROWS - 1) : 1;
    const mem = (k.bytes * penalty) / (k.kind === 'attention' ? attentionBw : bw);
    const comp = k.kind === 'gemm' ? k.ops / flops : 0;
    const launchFloor = graph ? k.launches * floor : 0;
    if (launchFloor >= mem && launchFloor >= comp) step.overheadSeconds += launchFloor;
    else if (comp > mem) step.computeSeconds += comp;
    else step.memorySeconds += mem;
    step.bytes += k.bytes;
    step.ops += k.ops;
    step.launches += k.launches;
  }
  const gpuSeconds = step.memorySeconds + step.computeSeconds + step.overheadSeconds;
  const cpuSeconds = graph ? 0 : step.launches * gpu.efficiency.kernelEager * 1e-12;
  if (cpuSeconds > gpuSeconds) {
    // The GPU waits for launches: the wait is overhead.
    step.overheadSeconds += cpuSeconds - gpuSeconds;
  }
  step.seconds = Math.max(gpuSeconds, cpuSeconds);
  return step;
}

/**
 * Board power during a step: idle power, plus the active power of a running GPU, plus
 * `perBandwidth` × the share of peak bandwidth the step achieves, plus `perCompute` × the share of
 * the dense tensor rate, capped at the TDP.
 */
export function gpuBoardWatts(gpu: GpuDesign, step: GpuStep): number {
  const bwShare = step.bytes / step.seconds / gpu.memory.bandwidth;
  const computeShare = step.ops / step.seconds / gpu.tensor.bf16;
  return Math.min(gpu.power.tdp, gpu.power.idle + gpu.power.active + gpu.power.perBandwidth * bwShare + gpu.power.perCompute * computeShare);
}
