import type { AcceleratorDesign } from '../design/schema.js';
import type { Workload } from '../workload/ops.js';
import type { Result } from './result.js';
import { simulate, type SimulateOptions } from './simulate.js';

/** One design × workload point of a comparison. */
export interface ComparisonPoint {
  design: AcceleratorDesign;
  workload: Workload;
}

/**
 * Simulates every point in the order given and calls `onResult` after each, e.g. to show progress.
 */
export function runComparison(points: readonly ComparisonPoint[], options: SimulateOptions, onResult: (r: Result, done: number, total: number) => void = () => {}): Result[] {
  const out: Result[] = [];
  for (const { design, workload } of points) {
    const r = simulate(design, workload, options);
    out.push(r);
    onResult(r, out.length, points.length);
  }
  return out;
}
