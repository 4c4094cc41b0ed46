import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../design/design-error.js';
import { parseDesign, parseYamlText, type Design } from '../design/parse-design.js';
import { ConfigError, TraceError } from '../workload/config-error.js';
import { workloadFromModelSpec, type ModelSpec } from '../workload/model-spec.js';
import type { Workload } from '../workload/ops.js';
import { ZOO } from '../workload/zoo.js';
import { readTextFile } from './files.js';

/** Reads and validates a design file (YAML or JSON), with `--set` overrides. */
export function loadDesign(path: string, overrides: readonly string[] = []): Design {
  return parseDesign(readTextFile(path, 'design file'), path, overrides);
}

/** What the user named as the model: a zoo name or a config.json path, or a trace file. */
export interface ModelArgs {
  model?: string;
  trace?: string;
  batch?: number;
  zeroFraction?: number;
}

/**
 * Resolves `--model` (zoo name or config.json path) or `--trace` (JSON Lines file) into a
 * workload; workload errors become InputErrors naming the file (or the option) and key path.
 */
export function loadWorkload(args: ModelArgs): Workload {
  if ((args.model === undefined) === (args.trace === undefined)) {
    throw new InputError('command line', '--model/--trace', 'expected exactly one of --model <zoo name|config.json> or --trace <ops.jsonl>');
  }
  let spec: ModelSpec;
  let file: string;
  if (args.trace !== undefined) {
    file = args.trace;
    spec = { trace: readTextFile(args.trace, 'trace file') };
  } else if (args.model! in ZOO) {
    file = '--model';
    spec = { zoo: args.model! };
  } else if (existsSync(args.model!) || /[/\\.]/.test(args.model!)) {
    file = args.model!;
    spec = { config: parseYamlText(readTextFile(args.model!, 'model config'), file), configName: basename(file).replace(/\.json$/, '') };
  } else {
    throw new InputError('--model', '', `unknown model ${JSON.stringify(args.model)}; expected a zoo name (${Object.keys(ZOO).join(', ')}) or a path to a config.json`);
  }
  try {
    return workloadFromModelSpec(spec, { batch: args.batch, zeroFraction: args.zeroFraction });
  } catch (e) {
    if (e instanceof TraceError) throw new InputError(file, `line ${e.line}${e.keyPath ? `: ${e.keyPath}` : ''}`, `expected ${e.expected}, got ${e.got}`);
    if (e instanceof ConfigError) throw new InputError(file, e.keyPath, `expected ${e.expected}, got ${e.got}`);
    throw e;
  }
}
