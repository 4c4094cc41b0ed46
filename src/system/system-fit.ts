import { InputError } from '../design/design-error.js';
import { whyModelDoesNotFit } from '../design/fit.js';
import { whyModelDoesNotFitGpu } from '../gpu/gpu-fit.js';
import type { Workload } from '../workload/ops.js';
import { balancedStages, pipelineStages, tensorShard } from './partition.js';
import type { SystemModel } from './simulate-system.js';

/** Layers of each pipeline stage of `system` for `workload` (as given, or balanced by weight). */
export function stageLayers(system: SystemModel, workload: Workload): number[] {
  return system.partition.type === 'pipeline' ? (system.partition.layers ?? balancedStages(workload, system.devices.length)) : [];
}

/**
 * Refuses a system whose partition does not match the model (stage layers summing to another
 * count, more stages than layers) or a device whose share does not fit its memory (for a
 * weight-stationary device, its weights in its SRAM): an InputError naming the system file and
 * `devices[i]` (`deviceFiles[i]` the design file of device i).
 */
export function checkSystemFits(system: SystemModel, workload: Workload, systemFile: string, deviceFiles: readonly string[]): void {
  const n = system.devices.length;
  let shares: Workload[];
  if (system.partition.type === 'pipeline') {
    if (n > workload.layers) throw new InputError(systemFile, 'devices', `expected at most ${workload.layers} pipeline stages (the model's layers), got ${n}`);
    const layers = stageLayers(system, workload);
    const sum = layers.reduce((a, b) => a + b, 0);
    if (sum !== workload.layers) throw new InputError(systemFile, 'partition.layers', `expected layer counts summing to the model's ${workload.layers} layers, got ${sum}`);
    shares = pipelineStages(workload, layers);
  } else shares = system.devices.map((_, i) => tensorShard(workload, i, n));
  shares.forEach((w, i) => {
    const d = system.devices[i]!.design;
    const why = d.kind === 'gpu' ? whyModelDoesNotFitGpu(d, deviceFiles[i]!, w) : whyModelDoesNotFit(d, deviceFiles[i]!, w);
    if (why !== null) throw new InputError(systemFile, `devices[${i}]`, `device${i} (${deviceFiles[i]}): its share of ${workload.model} ${why}`);
  });
}
