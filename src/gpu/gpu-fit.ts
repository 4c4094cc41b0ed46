import { workloadFootprint } from '../design/fit.js';
import type { GpuDesign } from '../design/gpu-schema.js';
import { formatQuantity } from '../design/quantity.js';
import type { Workload } from '../workload/ops.js';

/**
 * Why `workload` does not fit in the GPU's memory — its weights (ternary ones as 2-bit W2A8
 * codes), embedding table, K/V cache and vectors, as `workloadFootprint` counts them — or null.
 */
export function whyModelDoesNotFitGpu(gpu: GpuDesign, designFile: string, workload: Workload): string | null {
  const f = workloadFootprint(workload, '2bit');
  if (f.total <= gpu.memory.capacity) return null;
  const size = (b: number) => formatQuantity('size', b);
  return `does not fit: expected at most the ${size(gpu.memory.capacity)} of GPU memory of ${designFile}, got a model that needs ${size(f.total)} (weights ${size(f.weights)}, embedding table ${size(f.embedding)}, K/V cache ${size(f.kvCache)})`;
}
