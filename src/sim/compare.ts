import { InputError } from '../design/design-error.js';
import { whyModelDoesNotFit } from '../design/fit.js';
import { implementationOf } from '../power/implementation.js';
import { fitProblems } from '../power/implementation-fit.js';
import type { AnyDesign } from '../design/parse-gpu-design.js';
import { whyModelDoesNotFitGpu } from '../gpu/gpu-fit.js';
import { workloadFromModelSpec } from '../workload/model-spec.js';
import type { Workload } from '../workload/ops.js';
import { baselineTwinName } from '../workload/zoo.js';
import type { Result } from './result.js';
import type { SimulateOptions } from './simulate.js';
import { simulateAny } from './simulate-any.js';

/** One design × workload point of a comparison. */
export interface ComparisonPoint {
  design: AnyDesign;
  workload: Workload;
}

/** Why `workload` does not fit `design` (read from `designFile`), of either kind, or null. */
export function whyDoesNotFit(design: AnyDesign, designFile: string, workload: Workload): string | null {
  return design.kind === 'gpu' ? whyModelDoesNotFitGpu(design, designFile, workload) : whyModelDoesNotFit(design, designFile, workload);
}

/** Why `design` cannot be built (FPGA resources, fmax, board memory; ASIC reticle), as an InputError naming `designFile`, or null. */
export function designFitError(design: AnyDesign, designFile: string): InputError | null {
  if (design.kind === 'gpu') return null;
  const problems = fitProblems(design, implementationOf(design));
  if (problems.length === 0) return null;
  const keyPath = problems.length === 1 ? problems[0]!.keyPath : '';
  return new InputError(designFile, keyPath, problems.map((p) => (problems.length === 1 || !p.keyPath ? p.message : `${p.keyPath}: ${p.message}`)).join('; '));
}

/**
 * The points of a comparison, designs outer and workloads inner: an accelerator runs each
 * workload; a GPU runs the MatMul baseline, each MatMul-free zoo model's same-size Llama twin at
 * the same batch (other workloads as given). A design that cannot be built (designFitError) and a
 * workload that does not fit a design's memory are left out and said in `skipped`
 * ("<model> on <design>: does not fit: …").
 */
export function planComparison(designs: readonly { design: AnyDesign; file: string }[], workloads: readonly Workload[]): { points: ComparisonPoint[]; skipped: string[] } {
  const points: ComparisonPoint[] = [];
  const skipped: string[] = [];
  for (const { design, file } of designs) {
    const unbuildable = designFitError(design, file);
    if (unbuildable) {
      skipped.push(`${design.name}: ${unbuildable.message}`);
      continue;
    }
    for (const w of workloads) {
      const twinName = design.kind === 'gpu' ? baselineTwinName(w.model) : null;
      const workload = twinName ? workloadFromModelSpec({ zoo: twinName }, { batch: w.batch }) : w;
      const why = whyDoesNotFit(design, file, workload);
      if (why === null) points.push({ design, workload });
      else skipped.push(`${workload.model} on ${design.name}: ${why}`);
    }
  }
  return { points, skipped };
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
