import { describeValue } from '../workload/config-error.js';
import { InputError } from './design-error.js';
import { gpuDesignSchema, type GpuDesign } from './gpu-schema.js';
import { applyOverrides } from './overrides.js';
import { checkSources, designFromValue, zodToInputError } from './parse-design.js';
import { parseDataText } from './parse-text.js';
import type { AcceleratorDesign } from './schema.js';

/** A design of any kind ternsim simulates: an accelerator, or a GPU running the MatMul baseline. */
export type AnyDesign = AcceleratorDesign | GpuDesign;

/** Whether `d` is a GPU design. */
export function isGpuDesign(d: AnyDesign): d is GpuDesign {
  return d.kind === 'gpu';
}

/**
 * Parses design text of either kind (by its `kind` key: "accelerator" or "gpu"), after `--set`
 * overrides; throws InputError naming `file`, the key path and the expectation.
 */
export function parseAnyDesign(text: string, file: string, overrides: readonly string[] = []): AnyDesign {
  const parsed = parseDataText(text, file);
  const kind = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)['kind'] : undefined;
  if (kind !== 'gpu') {
    if (kind !== undefined && kind !== 'accelerator') throw new InputError(file, 'kind', `expected "accelerator" or "gpu", got ${describeValue(kind)}`);
    return designFromValue(parsed, file, overrides);
  }
  const raw = applyOverrides(parsed as Record<string, unknown>, overrides, file);
  const r = gpuDesignSchema.safeParse(raw);
  if (!r.success) throw zodToInputError(r.error, file, raw, gpuDesignSchema);
  checkSources(r.data.sources, raw, file, 'memory.bandwidth');
  return r.data;
}
