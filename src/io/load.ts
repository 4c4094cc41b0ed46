import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { InputError } from '../design/design-error.js';
import { designFromValue, parseDesign, type Design } from '../design/parse-design.js';
import { parseSweepSpec, type SweepSpec } from '../dse/sweep-spec.js';
import { contentHash } from '../util/hash.js';
import { zodToInputError } from '../design/parse-design.js';
import { validationCaseSchema } from '../validate/validation-case.js';
import type { GpuMeasurements, ResolvedCase } from '../validate/run-validation.js';
import { listDesignFiles } from './package-root.js';
import { parseAnyDesign, type AnyDesign } from '../design/parse-gpu-design.js';
import { parseDataText, parseJsonText } from '../design/parse-text.js';
import { ConfigError, TraceError, describeValue } from '../workload/config-error.js';
import { parseModelConfig } from '../workload/model-config.js';
import { modelParamCounts, workloadFromModelSpec, type ModelSpec, type ModelSpecOptions } from '../workload/model-spec.js';
import type { Workload } from '../workload/ops.js';
import { allZooModelNames, isZooModel } from '../workload/zoo.js';
import { describeFileKind, MAX_DATA_INPUT_BYTES, MAX_TEXT_INPUT_BYTES, readTextInput } from './read-input.js';
import { statSync } from 'node:fs';
import { isSystemValue, resolveLink, systemFromValue } from '../system/parse-system.js';
import type { SystemModel } from '../system/simulate-system.js';
import { checkSystemFits } from '../system/system-fit.js';

/** Reads and validates a design file (YAML, or JSON for .json), with `--set` overrides. */
export function loadDesign(path: string, overrides: readonly string[] = []): Design {
  return parseDesign(readTextInput(path, 'design file', MAX_TEXT_INPUT_BYTES), path, overrides);
}

/** Reads and validates a design file of either kind (an accelerator or a GPU), with `--set` overrides. */
export function loadAnyDesign(path: string, overrides: readonly string[] = []): AnyDesign {
  return parseAnyDesign(readTextInput(path, 'design file', MAX_TEXT_INPUT_BYTES), path, overrides);
}

/** What the user named as the model (a zoo name or a config.json path, or a trace file) and the phase options. */
export interface ModelArgs extends ModelSpecOptions {
  model?: string;
  trace?: string;
}

/**
 * Limits on the size keys of a model config: ternsim builds every layer's ops and counts
 * parameters exactly (below 2^53), so larger values cannot be simulated. The largest released
 * LLMs are far inside them (~128 layers, d ~ 16k, vocab ~ 256k).
 */
export const CONFIG_LIMITS: Readonly<Record<string, number>> = {
  num_hidden_layers: 10_000,
  hidden_size: 2 ** 20,
  intermediate_size: 2 ** 22,
  vocab_size: 2 ** 24,
};

/** The most parameters a model may have (parameter counts stay exact integers). */
export const MAX_PARAMETERS = 1e15;

/** The name errors use for the model: the trace or config file, or the zoo name. */
export function modelLabel(args: ModelArgs): string {
  return args.trace ?? args.model ?? 'model';
}

/** A large count in short form: 1e15, 1.759e17. */
function exp(n: number): string {
  return Number(n.toPrecision(4)).toExponential().replace('e+', 'e');
}

/**
 * Refuses config values too large to simulate, before any op graph is built: each key of
 * {@link CONFIG_LIMITS}, and the total parameter count (any supported family).
 */
function checkConfigSize(raw: unknown, file: string): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return;
  const o = raw as Record<string, unknown>;
  for (const [key, max] of Object.entries(CONFIG_LIMITS)) {
    const v = o[key];
    if (typeof v === 'number' && v > max) throw new InputError(file, key, `expected a positive integer <= ${max} (larger models cannot be simulated), got ${describeValue(v)}`);
  }
  let total: number;
  try {
    total = modelParamCounts(parseModelConfig(raw)).total;
  } catch {
    return; // an invalid config: the workload builder names the key
  }
  if (!(total <= MAX_PARAMETERS)) {
    throw new InputError(file, '', `expected a model of at most ${exp(MAX_PARAMETERS)} parameters (larger models cannot be simulated), got ${exp(total)}`);
  }
}

/** Command-line option of each workload option, for errors. */
const OPTION_OF: Readonly<Record<string, string>> = {
  batch: '--batch',
  context: '--context',
  promptTokens: '--prompt',
  zeroFraction: '--zero-fraction',
  kvBytesPerElement: '--kv-bytes',
  phase: '--phase',
};

/**
 * Resolves `--model` (a zoo name of any family, or a config.json path) or `--trace` (JSON Lines
 * file) into the workload of the asked phase; workload errors become InputErrors naming the file
 * (or the option) and key path.
 */
export function loadWorkload(args: ModelArgs): Workload {
  const { model, trace, ...opts } = args;
  if ((model === undefined) === (trace === undefined)) {
    throw new InputError('command line', '--model/--trace', 'expected exactly one of --model <zoo name|config.json> or --trace <ops.jsonl>');
  }
  const where = trace ?? model!;
  let spec: ModelSpec;
  if (trace !== undefined) {
    spec = { trace: readTextInput(trace, 'trace file', MAX_DATA_INPUT_BYTES) };
  } else if (isZooModel(model!)) {
    spec = { zoo: model! };
  } else if (existsSync(model!) || /[/\\.]/.test(model!)) {
    const config = parseDataText(readTextInput(model!, 'model config', MAX_TEXT_INPUT_BYTES), model!);
    checkConfigSize(config, model!);
    spec = { config, configName: basename(model!).replace(/\.json$/i, '') };
  } else {
    throw new InputError('command line', '--model', `unknown model ${JSON.stringify(model)}; expected a zoo name (${allZooModelNames().join(', ')}) or a path to a config.json`);
  }
  try {
    return workloadFromModelSpec(spec, opts);
  } catch (e) {
    if (e instanceof TraceError) throw new InputError(where, `line ${e.line}${e.keyPath ? `: ${e.keyPath}` : ''}`, `expected ${e.expected}, got ${e.got}`);
    if (e instanceof ConfigError) {
      const option = OPTION_OF[e.keyPath];
      if (option) throw new InputError('command line', option, `expected ${e.expected}, got ${e.got}`);
      throw new InputError(where, e.keyPath, `expected ${e.expected}, got ${e.got}`);
    }
    throw e;
  }
}

/** A sweep spec read from its file, with its base design's parsed (unvalidated) object. */
export interface LoadedSweep {
  spec: SweepSpec;
  baseRaw: Record<string, unknown>;
  /** SHA-256 prefix of the spec's text (kept in the store to tell sweeps apart). */
  specHash: string;
}

/**
 * Reads a sweep spec and its base design (a path relative to the spec), checking that the base
 * is a valid design and every model a zoo name; throws InputError naming the file and key path.
 */
export function loadSweep(specFile: string): LoadedSweep {
  const text = readTextInput(specFile, 'sweep spec', MAX_TEXT_INPUT_BYTES);
  const parsed = parseSweepSpec(text, specFile);
  const baseFile = join(dirname(specFile), parsed.base);
  const spec = { ...parsed, base: baseFile };
  const baseRaw = parseDataText(readTextInput(baseFile, 'base design', MAX_TEXT_INPUT_BYTES), baseFile);
  if (baseRaw === null || typeof baseRaw !== 'object' || Array.isArray(baseRaw)) throw new InputError(baseFile, '', 'expected a mapping of design fields');
  designFromValue(baseRaw, baseFile);
  spec.models.forEach((m, i) => {
    if (isZooModel(m)) return;
    const path = join(dirname(specFile), m);
    if (!/\.json$/.test(m) || !existsSync(path)) throw new InputError(specFile, `models[${i}]`, `expected a zoo model name (${allZooModelNames().join(', ')}) or a config.json path relative to the spec, got ${JSON.stringify(m)}`);
    const config = parseJsonText(readTextInput(path, 'model config', MAX_TEXT_INPUT_BYTES), path);
    checkConfigSize(config, path); // before the op graph is built: 10^8 layers would take forever
    workloadFromModelSpec({ config, configName: basename(path) }, {}); // validates it, naming the file
    spec.modelSpecs[m] = { config, configName: basename(path) };
  });
  return { spec, baseRaw: baseRaw as Record<string, unknown>, specHash: contentHash(text) };
}

/**
 * Reads every validation case under `folder` (designs/validation/*.yaml), checks each against the
 * case schema, and reads the files it names (relative to the case file); throws InputError naming
 * the file and key path.
 */
export function loadValidationCases(folder: string): ResolvedCase[] {
  let st;
  try {
    st = statSync(folder);
  } catch {
    throw new InputError(folder, '', 'no such folder of validation cases');
  }
  if (!st.isDirectory()) throw new InputError(folder, '', `expected a folder of validation cases, got ${describeFileKind(st)}`);
  const files = listDesignFiles(folder);
  if (files.length === 0) throw new InputError(folder, '', 'expected validation case files (*.yaml)');
  return files.map((file) => {
    const raw = parseDataText(readTextInput(file, 'validation case', MAX_TEXT_INPUT_BYTES), file);
    const r = validationCaseSchema.safeParse(raw);
    if (!r.success) throw zodToInputError(r.error, file, raw, validationCaseSchema);
    const c = r.data;
    const rel = (p: string) => join(dirname(file), p);
    if (c.kind === 'simulate' && isSystemFile(rel(c.design))) {
      if (c.metric === 'staticWatts' || c.relativeTo) throw new InputError(file, c.relativeTo ? 'relativeTo' : 'metric', `expected a metric of a system (msPerToken, tokensPerSecond, watts, joulesPerToken, tokensPerSecondPerWatt) without relativeTo, got ${c.relativeTo ? 'relativeTo' : c.metric} for the system ${c.design}`);
      const { model, deviceFiles } = loadSystem(rel(c.design));
      const w = c.workload;
      const at = (batch: number) => (w.trace !== undefined ? loadWorkload({ trace: rel(w.trace) }) : loadWorkload({ model: w.model, batch, context: w.context }));
      const workload = at(w.batch ?? 1);
      checkSystemFits(model, workload, rel(c.design), deviceFiles);
      return { case: c, design: model.devices[0]!.design, workload, system: { model, workloadAt: at } };
    }
    if (c.kind === 'simulate') {
      const design = loadAnyDesign(rel(c.design), c.set);
      const caseWorkload = (w: typeof c.workload) => (w.trace !== undefined ? loadWorkload({ trace: rel(w.trace) }) : loadWorkload({ model: w.model, batch: w.batch, context: w.context }));
      const workload = caseWorkload(c.workload);
      if (!c.relativeTo) return { case: c, design, workload };
      return { case: c, design, workload, relativeTo: { design: loadAnyDesign(rel(c.relativeTo.design)), workload: caseWorkload(c.relativeTo.workload) } };
    }
    if (c.kind === 'gpu-calibration') {
      const design = loadAnyDesign(rel(c.design));
      if (design.kind !== 'gpu') throw new InputError(file, 'design', `expected a GPU design, got ${c.design}`);
      const measurements = c.measurements.map((m) => parseJsonText(readTextInput(rel(m), 'GPU measurements', MAX_DATA_INPUT_BYTES), rel(m)) as GpuMeasurements);
      return { case: c, design, measurements };
    }
    return { case: c };
  });
}

/** A system file read with its device designs (each device once per `count`, in order). */
export interface LoadedSystem {
  model: SystemModel;
  /** The design file of each device, as named relative to the system file. */
  deviceFiles: string[];
}

/** Whether `path` holds a system description (`kind: system`). */
export function isSystemFile(path: string): boolean {
  return isSystemValue(parseDataText(readTextInput(path, 'design file', MAX_TEXT_INPUT_BYTES), path));
}

/**
 * Reads a system file and the accelerator designs it names (paths relative to it); throws
 * InputError naming the file and key path.
 */
export function loadSystem(path: string): LoadedSystem {
  const spec = systemFromValue(parseDataText(readTextInput(path, 'system file', MAX_TEXT_INPUT_BYTES), path), path);
  const devices: SystemModel['devices'] = [];
  const deviceFiles: string[] = [];
  spec.devices.forEach((d, i) => {
    const file = isAbsolute(d.design) ? d.design : join(dirname(path), d.design);
    if (!existsSync(file)) throw new InputError(path, `devices[${i}].design`, `expected an accelerator design file relative to the system file, got ${JSON.stringify(d.design)} (no such file)`);
    const design = loadAnyDesign(file);
    for (let k = 0; k < d.count; k++) devices.push({ design }), deviceFiles.push(file);
  });
  const link = spec.link ? resolveLink(spec, path) : null;
  return { model: { name: spec.name, devices, link, topology: spec.topology, partition: spec.partition, activationBytes: spec.activationBytes }, deviceFiles };
}
