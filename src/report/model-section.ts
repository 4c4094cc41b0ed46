import type { Result } from '../sim/result.js';
import { baselineTwinName } from '../workload/zoo.js';

/**
 * The model a result is reported under: its own, except that a GPU running the same-size Llama
 * twin of a MatMul-free model (llama-X for mmfree-X) sits with that MatMul-free model.
 */
export function modelSection(results: readonly Result[]): (r: Result) => string {
  const twinOf = new Map<string, string>();
  for (const r of results) {
    const twin = baselineTwinName(r.workload.model);
    if (twin) twinOf.set(twin, r.workload.model);
  }
  return (r) => (r.design.target === 'gpu' ? (twinOf.get(r.workload.model) ?? r.workload.model) : r.workload.model);
}
