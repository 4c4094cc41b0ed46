/**
 * Resolves what a user names as "the model" into a workload, without touching files: a zoo name,
 * an already-parsed config.json object, or the text of a trace. The adapter that reads files
 * (outside workload/) passes their contents here and prefixes errors with the file name.
 */

import { ConfigError, Found } from './config-error.js';
import { buildHgrnBit, hgrnBitParamCounts } from './hgrn-bit.js';
import { parseModelConfig, type ModelConfig } from './model-config.js';
import type { ParamCounts, Workload, WorkloadPhase } from './ops.js';
import { parseTrace } from './trace-format.js';
import { buildTransformer, resolvePhaseLengths, transformerParamCounts } from './transformer.js';
import { modelZooEntry } from './zoo.js';

/** Exactly one of `zoo`, `config` or `trace`. */
export interface ModelSpec {
  /** A zoo model name of any family (see `allZooModelNames()`). */
  zoo?: string;
  /** A parsed Hugging Face config.json object of a supported model type. */
  config?: unknown;
  /** Name for a `config` model in results (e.g. the file's base name); default `config.json`. */
  configName?: string;
  /** The text of a trace (format version 1 or 2, JSON Lines). */
  trace?: string;
}

/** Options of {@link workloadFromModelSpec}. */
export interface ModelSpecOptions {
  /** `decode` (default): one new token per sequence; `prefill`: `promptTokens` tokens per sequence. */
  phase?: WorkloadPhase;
  /** Sequences processed together; default 1. A trace fixes its own (its `sequences`): a different value is an error. */
  batch?: number;
  /**
   * Context length after the step (attention models; 1 … max_position_embeddings). Decode default:
   * min(1024, max_position_embeddings); prefill default: the prompt length. HGRN-Bit keeps no
   * cache: its workloads have context 0 (a given context only sets the prefill's default prompt).
   */
  context?: number;
  /** Prefill: prompt tokens per sequence (default: the context if given, else min(1024, max_position_embeddings)). */
  promptTokens?: number;
  /** Zero fraction of the ternary weights; default 0.31. Ignored for traces (their ops carry it). */
  zeroFraction?: number;
  /** Bytes per cached K/V element of attention models; default 2 (fp16/bf16 cache). */
  kvBytesPerElement?: number;
}

/** The workload of one phase of a validated config (any family). */
export function buildModelWorkload(config: ModelConfig, model: string, opts: ModelSpecOptions = {}): Workload {
  const phase = opts.phase ?? 'decode';
  const batch = opts.batch ?? 1;
  if (config.modelType === 'hgrn_bit') {
    if (opts.kvBytesPerElement !== undefined) throw new ConfigError('kvBytesPerElement', 'nothing for an HGRN-Bit model (it keeps no K/V cache)', opts.kvBytesPerElement);
    const { newTokens } = resolvePhaseLengths(phase, opts.context, opts.promptTokens, null);
    return buildHgrnBit(config, {
      model,
      batch,
      phase,
      zeroFraction: opts.zeroFraction,
      ...(phase === 'prefill' ? { promptTokens: newTokens } : {}),
    });
  }
  return buildTransformer(config, {
    model,
    phase,
    batch,
    context: opts.context,
    promptTokens: opts.promptTokens,
    zeroFraction: opts.zeroFraction,
    kvBytesPerElement: opts.kvBytesPerElement,
  });
}

/**
 * The workload a {@link ModelSpec} names, for the phase the options ask for. Throws
 * {@link ConfigError} (or its subclass TraceError) for a bad spec, an unknown zoo name, an invalid
 * config or trace, or options a model cannot take.
 */
export function workloadFromModelSpec(spec: ModelSpec, opts: ModelSpecOptions = {}): Workload {
  const given = (['zoo', 'config', 'trace'] as const).filter((k) => spec[k] !== undefined);
  if (given.length !== 1) {
    throw new ConfigError('model', 'exactly one of a zoo name, a config.json object or a trace', new Found(given.length === 0 ? 'none of them' : given.join(' and ')));
  }
  if (spec.trace !== undefined) {
    if (typeof spec.trace !== 'string') throw new ConfigError('trace', 'the text of a trace', spec.trace);
    const w = parseTrace(spec.trace);
    const sequences = w.sequences ?? w.batch;
    if (opts.batch !== undefined && opts.batch !== sequences) {
      throw new ConfigError('batch', `${sequences} (the batch the trace was written for) or nothing`, opts.batch);
    }
    for (const [key, value, actual] of [
      ['phase', opts.phase, w.phase],
      ['context', opts.context, w.context],
    ] as const) {
      if (value !== undefined && value !== actual) throw new ConfigError(key, `${JSON.stringify(actual)} (the ${key} the trace was written for) or nothing`, value);
    }
    if (opts.promptTokens !== undefined && (w.phase !== 'prefill' || opts.promptTokens !== w.batch / sequences)) {
      const what = w.phase === 'prefill' ? `${w.batch / sequences} (the prompt the trace was written for) or nothing` : 'nothing (the trace is a decode step)';
      throw new ConfigError('promptTokens', what, opts.promptTokens);
    }
    return w;
  }
  if (spec.zoo !== undefined) {
    const e = modelZooEntry(spec.zoo);
    return buildModelWorkload(e.config, spec.zoo, opts);
  }
  return buildModelWorkload(parseModelConfig(spec.config), spec.configName ?? 'config.json', opts);
}

/** Parameter counts of a validated config of any family. */
export function modelParamCounts(config: ModelConfig): ParamCounts {
  return config.modelType === 'hgrn_bit' ? hgrnBitParamCounts(config) : transformerParamCounts(config);
}
