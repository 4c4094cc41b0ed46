import { InputError } from '../design/design-error.js';
import { zodToInputError } from '../design/parse-design.js';
import { LINK_PRESETS } from './link-presets.js';
import type { SystemLinkSpec } from './system-link.js';
import { MAX_SYSTEM_DEVICES, systemSchema, type SystemSpec } from './system-schema.js';

/** Whether a parsed data file is a system description (`kind: system`). */
export function isSystemValue(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && (v as Record<string, unknown>)['kind'] === 'system';
}

/** Validates a parsed system file; throws an InputError naming `file`, the key path and the expectation. */
export function systemFromValue(raw: unknown, file: string): SystemSpec {
  const r = systemSchema.safeParse(raw);
  if (!r.success) throw zodToInputError(r.error, file, raw, systemSchema);
  const s = r.data;
  const n = s.devices.reduce((a, d) => a + d.count, 0);
  if (n > MAX_SYSTEM_DEVICES) throw new InputError(file, 'devices', `expected at most ${MAX_SYSTEM_DEVICES} devices in all, got ${n}`);
  if (n > 1 && !s.link) throw new InputError(file, 'link', `expected a link (a preset: ${Object.keys(LINK_PRESETS).join(', ')}) for a system of ${n} devices`);
  if (s.link) resolveLink(s, file);
  if (s.partition.type === 'pipeline' && s.partition.layers && s.partition.layers.length !== n) {
    throw new InputError(file, 'partition.layers', `expected one layer count per device (${n}), got ${s.partition.layers.length}`);
  }
  return s;
}

/** The link of `spec` with its preset's values under the fields given; throws when a field has no value. */
export function resolveLink(spec: SystemSpec, file: string): SystemLinkSpec {
  const l = spec.link ?? {};
  const p = l.preset !== undefined ? LINK_PRESETS[l.preset] : undefined;
  const out: Partial<SystemLinkSpec> = {};
  for (const k of ['lineRateGbps', 'encodingEfficiency', 'latencyNs', 'energyPjPerBit'] as const) {
    const v = l[k] ?? p?.[k];
    if (v === undefined) throw new InputError(file, `link.${k}`, `expected a number (or link.preset: ${Object.keys(LINK_PRESETS).join(', ')})`);
    out[k] = v;
  }
  return out as SystemLinkSpec;
}
