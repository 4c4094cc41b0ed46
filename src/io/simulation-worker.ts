/**
 * The worker-thread entry of the sweep pool (piscina): simulates one task per call, keeping each
 * model's workload between calls. An error thrown here rejects that task only; the sweep stores
 * the point as failed and goes on.
 */
import { simulateTask } from '../dse/simulate-task.js';
import type { SimulationTask } from '../dse/run-sweep.js';
import type { Result } from '../sim/result.js';
import type { Workload } from '../workload/ops.js';

const workloads = new Map<string, Workload>();

/** Simulates `task` and returns its Result. */
export default function run(task: SimulationTask): Result {
  return simulateTask(task, workloads);
}
