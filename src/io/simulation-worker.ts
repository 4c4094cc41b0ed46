/**
 * The worker-thread entry of the sweep pool (piscina): simulates one task per call, keeping each
 * model's workload between calls, or measures a design's memory profile for the pool to share. An error thrown here rejects that task only; the sweep stores
 * the point as failed and goes on.
 */
import { simulateTask } from '../dse/simulate-task.js';
import type { SimulationTask } from '../dse/run-sweep.js';
import type { Result } from '../sim/result.js';
import type { Workload } from '../workload/ops.js';
import type { AcceleratorDesign } from '../design/schema.js';
import type { StreamProfile } from '../hw/characterized-memory.js';
import { profileWeightStream } from '../sim/stream-profile.js';

const workloads = new Map<string, Workload>();

/** A request to measure a design's memory profile (see profileWeightStream). */
export interface ProfileTask {
  profileOf: AcceleratorDesign;
}

/** Simulates `task` and returns its Result, or measures the memory profile a ProfileTask asks for. */
export default function run(task: SimulationTask | ProfileTask): Result | StreamProfile {
  if ('profileOf' in task) return profileWeightStream(task.profileOf);
  return simulateTask(task, workloads);
}
