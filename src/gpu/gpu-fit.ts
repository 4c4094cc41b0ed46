import type { GpuDesign } from '../design/gpu-schema.js';
import { formatQuantity } from '../design/quantity.js';
import { attentionCost } from '../workload/attention-cost.js';
import type { Workload } from '../workload/ops.js';
import { stepKernels } from './kernels.js';

/**
 * Why `workload` does not fit in the GPU's memory — its weights (each matrix once) and its K/V
 * cache — or null when it fits.
 */
export function whyModelDoesNotFitGpu(gpu: GpuDesign, designFile: string, workload: Workload): string | null {
  const weights = stepKernels(workload, gpu)
    .filter((k) => k.kind === 'gemm')
    .reduce((s, k) => s + k.bytes, 0);
  const kv = workload.ops.reduce((s, op) => s + (op.kind === 'attention' ? attentionCost(op).kvCacheBytes : 0), 0);
  if (weights + kv <= gpu.memory.capacity) return null;
  const size = (b: number) => formatQuantity('size', b);
  return `does not fit: expected at most the ${size(gpu.memory.capacity)} of GPU memory of ${designFile}, got a model that needs ${size(weights + kv)} (weights ${size(weights)}, K/V cache ${size(kv)})`;
}
