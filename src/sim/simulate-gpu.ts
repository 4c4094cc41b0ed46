import type { GpuDesign } from '../design/gpu-schema.js';
import { gpuBoardWatts, gpuStepTime } from '../gpu/gpu-model.js';
import { stepKernels } from '../gpu/kernels.js';
import { contentHash } from '../util/hash.js';
import { TERNSIM_VERSION } from '../version.js';
import type { Workload } from '../workload/ops.js';
import type { Result } from './result.js';

/**
 * Simulates one step of `workload` (decode at its batch and context, or a prefill) on a GPU design:
 * the same Result shape as an accelerator's, from the kernel model (no events). `boundBy` names
 * what took most of the step: memory bandwidth, tensor compute, or per-kernel launch time.
 */
export function simulateGpu(gpu: GpuDesign, workload: Workload): Result {
  const kernels = stepKernels(workload, gpu);
  const step = gpuStepTime(gpu, kernels);
  const watts = gpuBoardWatts(gpu, step);
  const seconds = step.seconds;
  const stepTimePs = Math.round(seconds * 1e12);
  const parts: [Result['boundBy'], number][] = [
    ['dram-bandwidth', step.memorySeconds],
    ['compute', step.computeSeconds],
    ['kernel-launch', step.overheadSeconds],
  ];
  parts.sort((a, b) => b[1] - a[1]);
  const energyJ = watts * seconds;
  return {
    ternsimVersion: TERNSIM_VERSION,
    mode: 'fast',
    design: { name: gpu.name, hash: contentHash(gpu), target: 'gpu' },
    workload: { model: workload.model, phase: workload.phase, batch: workload.batch, layers: workload.layers, hash: contentHash(workload) },
    tokensPerSecond: workload.batch / seconds,
    msPerToken: seconds * 1e3,
    timeToFirstTokenMs: workload.phase === 'prefill' ? seconds * 1e3 : null,
    stepTimePs,
    cycles: 0,
    watts,
    staticWatts: gpu.power.idle,
    dynamicWatts: watts - gpu.power.idle,
    joulesPerToken: energyJ / workload.batch,
    picojoulesPerAccumulate: 0,
    tokensPerSecondPerWatt: workload.batch / seconds / watts,
    boundBy: parts[0]![0],
    units: {
      memory: { busyFraction: step.memorySeconds / seconds },
      tensor: { busyFraction: step.computeSeconds / seconds },
      launch: { busyFraction: step.overheadSeconds / seconds },
    },
    memory: {
      weightBytes: kernels.filter((k) => k.kind === 'gemm').reduce((s, k) => s + k.bytes, 0),
      bytesRead: step.bytes,
      bytesWritten: 0,
      achievedBytesPerSecond: step.bytes / seconds,
      peakBytesPerSecond: gpu.memory.bandwidth,
      busUtilization: step.bytes / seconds / gpu.memory.bandwidth,
    },
    power: {
      byComponent: [{ component: 'board', dynamicW: watts - gpu.power.idle, staticW: gpu.power.idle, energyJ }],
      staticSources: [{ name: 'idle', watts: gpu.power.idle, source: gpu.sources['power.idle'] ?? 'design file' }],
      junctionC: null,
    },
    implementation: null,
    // A GEMM kernel's ops are FLOPs, two per multiply-accumulate: one weight op is one MAC.
    compute: { peakOpsPerSecond: gpu.tensor.bf16 / 2, opsPerStep: kernels.filter((k) => k.kind === 'gemm').reduce((s, k) => s + k.ops, 0) / 2 },
    activity: null,
    actions: { gpu: { kernels: kernels.length, launches: step.launches, bytes: step.bytes, ops: step.ops } },
    eventsProcessed: 0,
    warnings: [],
  };
}
