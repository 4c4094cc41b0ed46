import type { Result } from '../sim/result.js';
import type { Workload } from '../workload/ops.js';
import type { SweepPoint } from './design-point.js';
import { pruneReason, violations } from './prune.js';
import { storedPoint, type StoredPoint } from './stored-point.js';
import type { SweepSpec } from './sweep-spec.js';

/** The row of a point settled without simulation (an invalid design, or pruned with the reason), or null when it must be simulated. */
export function prunedRow(spec: SweepSpec, point: SweepPoint, workloadOf: (model: string) => Workload): StoredPoint | null {
  if (point.invalid !== null) return storedPoint(spec.name, point, 'pruned', `invalid design: ${point.invalid}`, null);
  const why = pruneReason(spec, point.design!, workloadOf(point.model));
  return why === null ? null : storedPoint(spec.name, point, 'pruned', why, null);
}

/** The row of a simulated point: `done`, or `infeasible` with the constraints its Result breaks. */
export function simulatedRow(sweep: string, constraints: SweepSpec['constraints'], point: SweepPoint, r: Result): StoredPoint {
  const broken = violations(constraints, r);
  return storedPoint(sweep, point, broken.length > 0 ? 'infeasible' : 'done', broken.length > 0 ? broken.join('; ') : null, r);
}
