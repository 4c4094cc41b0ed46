import type { AnyDesign } from '../design/parse-gpu-design.js';
import type { Workload } from '../workload/ops.js';
import type { Result } from './result.js';
import type { SimulateOptions } from './simulate.js';
import { simulateAny } from './simulate-any.js';

/** One design × workload point of a comparison. */
export interface ComparisonPoint {
  design: AnyDesign;
  workload: Workload;
}

/**
 * Simulates every point in the order given and calls `onResult` after each, e.g. to show progress.
 */
export function runComparison(points: readonly ComparisonPoint[], options: SimulateOptions, onResult: (r: Result, done: number, total: number) => void = () => {}): Result[] {
  const out: Result[] = [];
  for (const { design, workload } of points) {
    const r = simulateAny(design, workload, options);
    out.push(r);
    onResult(r, out.length, points.length);
  }
  return out;
}
