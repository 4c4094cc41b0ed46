import { parse as parseYamlScalar } from 'yaml';
import { InputError } from './design-error.js';

/**
 * Applies `key.path=value` overrides (the CLI's `--set`) to a parsed design object before
 * validation; values are read as YAML scalars ("5" → 5, "300 MHz" → "300 MHz", "true" → true).
 * A path through a missing or non-mapping field is an error naming the override. Citations in
 * `sources` for an overridden field (or anything under it) are dropped: they no longer apply.
 */
export function applyOverrides(raw: Record<string, unknown>, sets: readonly string[], file: string): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new InputError(file, '', `--set ${JSON.stringify(s)}: expected key.path=value`);
    const path = s.slice(0, eq).split('.');
    const value: unknown = parseYamlScalar(s.slice(eq + 1));
    let cur: Record<string, unknown> = out;
    for (let i = 0; i < path.length - 1; i++) {
      const next = cur[path[i]!];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        throw new InputError(file, path.slice(0, i + 1).join('.'), `--set ${path.join('.')}: expected an existing mapping here`);
      }
      cur = next as Record<string, unknown>;
    }
    cur[path[path.length - 1]!] = value;
    dropSources(out, path.join('.'));
  }
  return out;
}

function dropSources(design: Record<string, unknown>, overridden: string): void {
  const sources = design['sources'];
  if (sources === null || typeof sources !== 'object') return;
  for (const key of Object.keys(sources)) {
    if (key === overridden || key.startsWith(`${overridden}.`)) delete (sources as Record<string, unknown>)[key];
  }
}
