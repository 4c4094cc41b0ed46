/**
 * Resolves what a user names as "the model" into a workload, without touching files: a zoo name,
 * an already-parsed config.json object, or the text of a trace. The adapter that reads files
 * (outside workload/) passes their contents here and prefixes errors with the file name.
 */

import { ConfigError, Found } from './config-error.js';
import { parseHgrnBitConfig } from './hf-config.js';
import { buildHgrnBitDecode } from './hgrn-bit.js';
import type { Workload } from './ops.js';
import { parseTrace } from './trace-format.js';
import { zooEntry } from './zoo.js';

/** Exactly one of `zoo`, `config` or `trace`. */
export interface ModelSpec {
  /** A zoo model name (see `zooModelNames()`). */
  zoo?: string;
  /** A parsed Hugging Face config.json object of a supported model type. */
  config?: unknown;
  /** Name for a `config` model in results (e.g. the file's base name); default `config.json`. */
  configName?: string;
  /** The text of a version-1 trace (JSON Lines). */
  trace?: string;
}

/** Options of {@link workloadFromModelSpec}. */
export interface ModelSpecOptions {
  /** Tokens decoded together; default 1. A trace fixes its own batch: a different value is an error. */
  batch?: number;
  /** Zero fraction of the ternary weights; default 0.31. Ignored for traces (their ops carry it). */
  zeroFraction?: number;
}

/**
 * The decode-step workload a {@link ModelSpec} names. Throws {@link ConfigError} (or its subclass
 * TraceError) for a bad spec, an unknown zoo name, an invalid config or trace.
 */
export function workloadFromModelSpec(spec: ModelSpec, opts: ModelSpecOptions = {}): Workload {
  const given = (['zoo', 'config', 'trace'] as const).filter((k) => spec[k] !== undefined);
  if (given.length !== 1) {
    throw new ConfigError('model', 'exactly one of a zoo name, a config.json object or a trace', new Found(given.length === 0 ? 'none of them' : given.join(' and ')));
  }
  if (spec.trace !== undefined) {
    if (typeof spec.trace !== 'string') throw new ConfigError('trace', 'the text of a trace', spec.trace);
    const w = parseTrace(spec.trace);
    if (opts.batch !== undefined && opts.batch !== w.batch) {
      throw new ConfigError('batch', `${w.batch} (the batch the trace was written for) or nothing`, opts.batch);
    }
    return w;
  }
  const batch = opts.batch ?? 1;
  if (spec.zoo !== undefined) {
    const e = zooEntry(spec.zoo);
    return buildHgrnBitDecode(e.config, { batch, zeroFraction: opts.zeroFraction, model: spec.zoo });
  }
  const config = parseHgrnBitConfig(spec.config);
  return buildHgrnBitDecode(config, { batch, zeroFraction: opts.zeroFraction, model: spec.configName ?? 'config.json' });
}
