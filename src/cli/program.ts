/**
 * The ternsim command line as a function: `main(argv, io)` parses `argv` (without `node` and the
 * script), runs the command, writes through `io`, and returns the exit code — 0 on success, 2 for
 * bad input (one line on stderr naming the file, the key path and what was expected), 1 for an
 * internal error (one line; the stack only with TERNSIM_DEBUG set). Nothing here exits the process
 * or writes to process.stdout directly, so tests run it in-process; src/cli/main.ts is the binary.
 */
import { join, relative } from 'node:path';
import yargs from 'yargs';
import { InputError } from '../design/design-error.js';
import { closest } from '../design/parse-design.js';
import type { AnyDesign } from '../design/parse-gpu-design.js';
import { simulateAny } from '../sim/simulate-any.js';
import { checkWritable, writeFileAtomic } from '../io/files.js';
import { isSystemFile, loadAnyDesign, loadSystem, loadWorkload, modelLabel } from '../io/load.js';
import { simulateSystem } from '../system/simulate-system.js';
import { checkSystemFits } from '../system/system-fit.js';
import { formatSystemResult } from './format-system.js';
import { listDesignFiles, packageRoot } from '../io/package-root.js';
import { checkReportFolder } from '../io/report-writer.js';
import { designFitError, planComparison, runComparison, whyDoesNotFit } from '../sim/compare.js';
import { Timeline } from '../sim/timeline.js';
import { stableStringify } from '../util/hash.js';
import { TERNSIM_VERSION } from '../version.js';
import type { Workload } from '../workload/ops.js';
import { allZooModelNames, MODEL_ZOO, zooModelNames } from '../workload/zoo.js';
import { dramCommand, DRAM_COMMAND_OPTIONS } from './dram-command.js';
import { formatResult } from './format.js';
import { formatBreakdown } from '../report/breakdown.js';
import type { CliAction, CliIO } from './cli-io.js';
import { processIO } from './process-io.js';
import { terminalText } from './terminal-text.js';
import { choiceOption, fractionOption, intOption, MAX_BATCH, MAX_CONTEXT, single, stringOption, type Args } from './options.js';
import { traceCommand, TRACE_OPTIONS } from './trace-command.js';
import { REPORT_OPTIONS, RESULTS_OPTIONS, SWEEP_OPTIONS, VALIDATE_OPTIONS, WORKER_OPTIONS } from './command-options.js';

/** Exit code of a successful run. */
export const EXIT_OK = 0;
/** Exit code of an internal error (a bug in ternsim). */
export const EXIT_INTERNAL = 1;
/** Exit code for bad input (files, options, values). */
export const EXIT_BAD_INPUT = 2;

export type { CliIO } from './cli-io.js';

export { processIO } from './process-io.js';

const COMMANDS = ['simulate', 'compare', 'report', 'models', 'trace', 'dram', 'sweep', 'worker', 'results', 'validate'] as const;

/** Options of each command, for "did you mean" hints. */
const OPTIONS: Record<string, readonly string[]> = {
  simulate: ['model', 'trace', 'batch', 'phase', 'prompt', 'context', 'kv-bytes', 'zero-fraction', 'mode', 'timeline', 'set', 'json', 'breakdown', 'out', 'help'],
  compare: ['designs', 'models', 'model', 'gpus', 'batch', 'mode', 'out', 'help'],
  models: ['json', 'help'],
  trace: TRACE_OPTIONS,
  dram: DRAM_COMMAND_OPTIONS,
  report: REPORT_OPTIONS,
  validate: VALIDATE_OPTIONS,
  sweep: SWEEP_OPTIONS,
  worker: WORKER_OPTIONS,
  results: RESULTS_OPTIONS,
  '': ['help', 'version'],
};

/** Pretty JSON with sorted keys (byte-identical for identical results). */
function json(value: unknown): string {
  return `${JSON.stringify(JSON.parse(stableStringify(value)), null, 2)}\n`;
}


// ---------------------------------------------------------------------------------------------
// Commands. Each is a plain function of its parsed arguments and the io.
// ---------------------------------------------------------------------------------------------

function simulateCommand(a: Args, io: CliIO): void {
  const designFile = stringOption('design', a['design'])!;
  const out = stringOption('out', a['out']);
  const mode = single('mode', a['mode'] as 'cycle' | 'fast');
  const timelineFile = stringOption('timeline', a['timeline']);
  const modelArgs = {
    model: stringOption('model', a['model']),
    trace: stringOption('trace', a['trace']),
    batch: intOption('batch', a['batch'], 1, MAX_BATCH),
    zeroFraction: fractionOption('zero-fraction', a['zero-fraction']),
    phase: choiceOption('phase', a['phase'], ['decode', 'prefill'] as const),
    promptTokens: intOption('prompt', a['prompt'], 1, MAX_CONTEXT),
    context: intOption('context', a['context'], 1, MAX_CONTEXT),
    kvBytesPerElement: intOption('kv-bytes', a['kv-bytes'], 1, 2),
  };
  if (out !== undefined) checkWritable(out);
  if (timelineFile !== undefined) checkWritable(timelineFile);
  if (isSystemFile(designFile)) {
    if (timelineFile !== undefined) throw new InputError('command line', '--timeline', 'expected a device design: a system has no single timeline');
    const set = (a['set'] as string[] | undefined) ?? [];
    if (set.length > 0) throw new InputError('command line', '--set', `expected a device design: a system's overrides go in its devices' files, got ${JSON.stringify(set[0])}`);
    const { model: system, deviceFiles } = loadSystem(designFile);
    const workload = loadWorkload(modelArgs);
    checkSystemFits(system, workload, designFile, deviceFiles);
    const r = simulateSystem(system, workload, (batch) => loadWorkload({ ...modelArgs, batch }), { mode: mode ?? 'fast' });
    if (out !== undefined) writeFileAtomic(out, json(r));
    io.stdout(a['json'] ? json(r) : `${formatSystemResult(r)}\n`);
    return;
  }
  const design = loadAnyDesign(designFile, (a['set'] as string[] | undefined) ?? []);
  const unbuildable = designFitError(design, designFile);
  if (unbuildable) throw unbuildable;
  const workload = loadWorkload(modelArgs);
  const why = whyDoesNotFit(design, designFile, workload);
  if (why !== null) throw new InputError(modelLabel(modelArgs), '', why);
  if (design.kind === 'gpu' && timelineFile !== undefined) throw new InputError('command line', '--timeline', 'expected an accelerator design: a GPU design is a kernel model without a timeline');
  const timeline = timelineFile !== undefined ? new Timeline() : undefined;
  const r = simulateAny(design, workload, { mode: mode ?? 'fast', timeline });
  if (out !== undefined) writeFileAtomic(out, json(r));
  if (timeline && timelineFile !== undefined) writeFileAtomic(timelineFile, `${JSON.stringify(timeline.toChromeTrace(`${r.design.name} · ${r.workload.model}`))}\n`);
  io.stdout(a['json'] ? json(r) : `${formatResult(r)}\n${a['breakdown'] ? `\n${formatBreakdown(r)}\n` : ''}`);
}

async function compareCommand(a: Args, io: CliIO): Promise<void> {
  const out = stringOption('out', a['out']) ?? 'reports/default';
  const mode = single('mode', a['mode'] as 'cycle' | 'fast') ?? 'fast';
  const batch = intOption('batch', a['batch'], 1, MAX_BATCH) ?? 1;
  checkReportFolder(out);
  const gpus = ((a['gpus'] as string[] | undefined) ?? []).map((g) => (/[/\\.]/.test(g) ? g : join(packageRoot(), 'designs', 'gpu', `${g}.yaml`)));
  const designFiles = [...((a['designs'] as string[] | undefined) ?? (gpus.length > 0 ? [] : listDesignFiles(join(packageRoot(), 'designs')))), ...gpus];
  const modelNames = (a['models'] as string[] | undefined) ?? zooModelNames();
  if (designFiles.length === 0) throw new InputError('command line', '--designs', 'expected at least one design file');
  if (modelNames.length === 0) throw new InputError('command line', '--models', 'expected at least one zoo name or config.json');
  const designs: AnyDesign[] = designFiles.map((f) => loadAnyDesign(String(f)));
  const workloads: Workload[] = modelNames.map((m) => loadWorkload({ model: String(m), batch }));
  // Every design × model that fits; a model too big for a design's memory is reported, not simulated.
  const { points, skipped } = planComparison(
    designs.map((design, i) => ({ design, file: relative(process.cwd(), String(designFiles[i])) || String(designFiles[i]) })),
    workloads,
  );
  for (const s of skipped) io.stderr(`skipped ${s}\n`);
  if (points.length === 0) throw new InputError('command line', '--models', `expected a model that fits at least one design; none does (${skipped.join('; ')})`);
  const results = runComparison(points, { mode }, (r, done, total) => {
    io.stderr(`[${done}/${total}] ${r.design.name} · ${r.workload.model}: ${r.tokensPerSecond.toPrecision(4)} tokens/s, ${r.watts.toPrecision(3)} W\n`);
  });
  // The report's modules (d3-node, jsdom) load only when a report is written.
  const { buildReport } = await import('../report/html-report.js');
  const { writeReport } = await import('../io/report-writer.js');
  const files = buildReport({ title: 'ternsim comparison', results, skipped, inputs: designFiles.map((f) => relative(process.cwd(), String(f)) || String(f)) });
  const written = writeReport(out, files);
  io.stdout(`${files['summary.md']}\nwrote ${relative(process.cwd(), out) || '.'}/: ${written.join(', ')}\n`);
}

function modelsCommand(a: Args, io: CliIO): void {
  const rows = allZooModelNames().map((n) => ({ name: n, family: MODEL_ZOO[n]!.family, description: MODEL_ZOO[n]!.description, source: MODEL_ZOO[n]!.source }));
  if (a['json']) io.stdout(json(rows));
  else for (const r of rows) io.stdout(`${r.name.padEnd(20)} ${r.family.padEnd(9)} ${r.description}\n`);
}


// ---------------------------------------------------------------------------------------------
// Parsing.
// ---------------------------------------------------------------------------------------------

type Action = CliAction;

const modeOption = { choices: ['cycle', 'fast'] as const, default: 'fast' as const, describe: 'cycle: every event; fast: steady-state streams extrapolated' };

/** The yargs parser; a command's handler only records what to run (`onAction`). */
function parser(onAction: (a: Action) => void) {
  return yargs()
    .scriptName('ternsim')
    .strict()
    .exitProcess(false)
    .version(TERNSIM_VERSION)
    .command(
      'simulate <design>',
      'simulate one decode step (or a prefill) of a model on a design',
      (y) =>
        y
          .positional('design', { type: 'string', demandOption: true, describe: 'design file (YAML/JSON)' })
          .option('model', { type: 'string', describe: 'zoo name or path to a Hugging Face config.json' })
          .option('trace', { type: 'string', describe: 'op trace (JSON Lines) instead of --model' })
          .option('batch', { type: 'string', describe: 'sequences processed together (default 1)' })
          .option('phase', { type: 'string', describe: 'decode (default): one new token per sequence; prefill: --prompt tokens per sequence' })
          .option('prompt', { type: 'string', describe: 'prefill: prompt tokens per sequence (default: the context, else min(1024, max_position_embeddings))' })
          .option('context', { type: 'string', describe: 'context after the step, cached + new tokens (attention models; default min(1024, max_position_embeddings))' })
          .option('kv-bytes', { type: 'string', describe: 'bytes per cached K/V element: 2 (fp16/bf16, default) or 1 (int8)' })
          .option('zero-fraction', { type: 'string', describe: 'fraction of zero ternary weights (default 0.31)' })
          .option('mode', modeOption)
          .option('timeline', { type: 'string', describe: 'write a Chrome/Perfetto trace of unit activity to this file (opens in ui.perfetto.dev)' })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a design field: key.path=value' })
          .option('json', { type: 'boolean', default: false, describe: 'print the Result as JSON' })
          .option('breakdown', { type: 'boolean', default: false, describe: 'also print power by component, static sources and the FPGA resources or ASIC area by unit' })
          .option('out', { type: 'string', describe: 'also write the Result JSON to this file (atomically)' }),
      (a) => onAction((io) => simulateCommand(a, io)),
    )
    .command(
      'compare',
      'simulate the shipped designs (or the given ones) on the zoo models and write a comparison report',
      (y) =>
        y
          .option('designs', { type: 'string', array: true, describe: 'design files (default: every file under designs/)' })
          .option('models', { type: 'string', array: true, alias: 'model', describe: 'zoo names or config.json paths (default: the MatMul-free zoo)' })
          .option('gpus', { type: 'string', array: true, describe: 'GPU designs for the MatMul baseline: names under designs/gpu/ (h200, a100-80gb, …) or files; each runs the Llama twin of each model' })
          .option('batch', { type: 'string', describe: 'tokens decoded together (default 1)' })
          .option('mode', modeOption)
          .option('out', { type: 'string', default: 'reports/default', describe: 'output folder' }),
      (a) => onAction((io) => compareCommand(a, io)),
    )
    .command(
      'models',
      'list the model zoo: MatMul-free (hgrn_bit), BitNet b1.58 and Llama-style Transformer++ models',
      (y) => y.option('json', { type: 'boolean', default: false }),
      (a) => onAction((io) => modelsCommand(a, io)),
    )
    .command(
      'validate',
      'run the validation cases (designs/validation/): expected against simulated figures, exit 3 when one leaves its tolerance',
      (y) =>
        y
          .option('cases', { type: 'string', describe: 'folder of validation case files (default designs/validation)' })
          .option('json', { type: 'boolean', default: false, describe: 'print the rows as JSON' }),
      (a) => onAction(async (io) => (await import('./validate-command.js')).validateCommand(a, io)),
    )
    .command(
      'report <inputs..>',
      'write a report (index.html with charts, SVGs, CSV, JSON, Markdown) from results JSON files or sweep stores',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'results JSON files (compare, simulate --out) and/or sweep stores (.db)' })
          .option('out', { type: 'string', demandOption: true, describe: 'report folder, e.g. reports/my-report' })
          .option('title', { type: 'string', describe: 'the report\'s title' }),
      (a) => onAction(async (io) => (await import('./report-command.js')).reportCommand(a, io)),
    )
    .command(
      'sweep <spec>',
      'run a design-space sweep (grid, random, Latin hypercube or NSGA-II) into a resumable result store',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true, describe: 'sweep spec (YAML), e.g. designs/sweeps/u280-lanes-clock-dram.yaml' })
          .option('store', { type: 'string', describe: 'result store (SQLite) to write and resume from (default reports/sweeps/<name>.db)' })
          .option('jobs', { type: 'string', describe: 'points simulated at once, one worker thread each (default: every core)' })
          .option('shard', { type: 'string', describe: 'take only shard i of N (by point hash), e.g. 2/8: one per machine or array task' })
          .option('progress', { type: 'boolean', default: true, describe: 'show a progress bar on stderr (a terminal only)' })
          .option('queue', { type: 'string', describe: 'put the points on a Redis queue (redis://host:port/db) for ternsim workers instead of simulating here; "sweep status --queue …" shows progress' })
          .option('attempts', { type: 'string', describe: 'queue: attempts before a failing point goes to the failed set (default 3)' })
          .option('sweep', { type: 'string', describe: 'status: the sweep whose finished rows to count' }),
      (a) => onAction(async (io) => (await import('./sweep-command.js')).sweepCommand(a, io)),
    )
    .command(
      'worker',
      'simulate points from a Redis queue (ternsim sweep --queue) until SIGTERM, then finish the points in hand',
      (y) =>
        y
          .option('queue', { type: 'string', demandOption: true, describe: 'the Redis URL, e.g. redis://127.0.0.1:6379/0' })
          .option('concurrency', { type: 'string', describe: 'points simulated at once, one worker thread each (default: every core)' })
          .option('lock-ms', { type: 'string', describe: 'how long a point stays locked to this worker without renewal (default 20000)' })
          .option('stalled-ms', { type: 'string', describe: 'how often stalled points (of killed workers) are looked for (default 10000)' }),
      (a) => onAction(async (io) => (await import('./sweep-command.js')).workerCommand(a, io)),
    )
    .command(
      'results <action> [stores..]',
      'query, export, merge or find the Pareto front of sweep result stores',
      (y) =>
        y
          .positional('action', { type: 'string', choices: ['query', 'export', 'pareto', 'merge', 'collect'], demandOption: true, describe: 'query: print points; export: CSV/JSON; pareto: flag the front; merge: combine shard stores; collect: copy a queued sweep from Redis into --store' })
          .option('queue', { type: 'string', describe: 'collect: the Redis URL of the queue' })
          .option('sweep', { type: 'string', describe: 'collect: the sweep name (or --spec)' })
          .positional('stores', { type: 'string', array: true, describe: 'merge: the stores to combine' })
          .option('store', { type: 'string', describe: 'the result store to read' })
          .option('where', { type: 'string', describe: "conditions joined by and, e.g. \"tokensPerSecond > 100 and status = 'done'\"" })
          .option('format', { type: 'string', describe: 'table (default), csv or json' })
          .option('objectives', { type: 'string', describe: 'pareto: metric:max|min pairs, e.g. tokensPerSecond:max,watts:min' })
          .option('spec', { type: 'string', describe: 'merge: the sweep spec, to list points no store holds' })
          .option('out', { type: 'string', describe: 'write to this file (query/export/pareto) or store (merge)' }),
      (a) => onAction(async (io) => (await import('./sweep-command.js')).resultsCommand(a, io)),
    )
    .command(traceCommand((run) => onAction(run)))
    .command(dramCommand((run) => onAction(run)))
    .demandCommand(1, `expected a command: ${COMMANDS.join(', ')}`)
    .fail((msg, err) => {
      throw err ?? new YargsFailure(msg);
    })
    .help();
}

/** A usage problem yargs found; turned into an InputError by {@link usageError}. */
class YargsFailure extends Error {}

/** How an argument was written on the command line: `--bogus`, `-x` or `"word"`. */
function written(name: string, argv: readonly string[]): { text: string; isOption: boolean } {
  for (const dashes of ['--', '-']) {
    const flag = `${dashes}${name}`;
    if (argv.some((x) => x === flag || x.startsWith(`${flag}=`))) return { text: flag, isOption: true };
  }
  return { text: JSON.stringify(name), isOption: false };
}

/** Turns a yargs usage message into one line naming the option and what was expected. */
export function usageError(msg: string, argv: readonly string[]): InputError {
  const command = (COMMANDS as readonly string[]).includes(argv[0] ?? '') ? argv[0]! : '';
  const flat = msg.replace(/\s*\n\s*/g, ' ').trim();
  let m = /^Unknown arguments?: (.+)$/.exec(flat);
  if (m) {
    const first = m[1]!.split(', ')[0]!; // yargs lists --foo-bar as "foo-bar, fooBar"
    const w = written(first, argv);
    if (!command && argv[0] === first) {
      return new InputError('command line', '', `unknown command ${JSON.stringify(first)}; expected one of ${COMMANDS.join(', ')}`);
    }
    if (w.isOption) {
      const name = w.text.replace(/^-+/, '');
      const guess = closest(name, OPTIONS[command] ?? []);
      const hint = guess ? `did you mean --${guess}? ` : '';
      return new InputError('command line', w.text, `unknown option; ${hint}expected one of ${(OPTIONS[command] ?? []).map((o) => `--${o}`).join(', ')}`);
    }
    return new InputError('command line', '', `unexpected argument ${w.text}; see "ternsim ${command ? `${command} ` : ''}--help"`);
  }
  m = /^Invalid values: Argument: (\S+), Given: (.+), Choices: (.+)$/.exec(flat);
  if (m) return new InputError('command line', `--${m[1]}`, `expected one of ${m[3]}, got ${m[2]}`);
  if (/^Not enough non-option arguments/.test(flat)) {
    if (command === 'simulate') return new InputError('command line', '<design>', 'missing; expected a design file: ternsim simulate <design> --model <zoo name|config.json> (or --trace <ops.jsonl>)');
    if (command === 'dram') return new InputError('command line', '<standard>', 'missing; expected a DRAM standard: ternsim dram <standard> --trace <file>');
  }
  m = /^Missing required arguments?: (.+)$/.exec(flat);
  if (m) return new InputError('command line', m[1]!.split(', ').map((o) => `--${o}`).join(', '), 'missing; expected a value');
  m = /^Not enough arguments following: (.+)$/.exec(flat);
  if (m) return new InputError('command line', `--${m[1]}`, 'expected a value after it');
  return new InputError('command line', '', flat);
}

/** Parses `argv`; returns the action to run, or the text yargs produced (help, version). */
function parse(argv: readonly string[]): { action: Action | null; output: string } {
  let action: Action | null = null;
  let output = '';
  let failure: unknown = null;
  try {
    parser((a) => {
      action = a;
    }).parse([...argv], {}, (err, _args, out) => {
      if (err) failure = err;
      output = out ?? '';
    });
  } catch (e) {
    failure = e;
  }
  if (failure instanceof YargsFailure) throw usageError(failure.message, argv);
  if (failure) throw failure;
  return { action, output };
}

/**
 * Runs the CLI on `argv` (without node and the script); returns the exit code. Everything it
 * prints goes through terminalText (control characters shown as escapes, URL credentials hidden).
 */
export async function main(argv: readonly string[], streams: CliIO = processIO): Promise<number> {
  const io: CliIO = { stdout: (t) => streams.stdout(terminalText(t)), stderr: (t) => streams.stderr(terminalText(t)) };
  try {
    const { action, output } = parse(argv);
    if (action) {
      const code = await (action as Action)(io);
      return typeof code === 'number' ? code : EXIT_OK;
    }
    if (output) io.stdout(`${output}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`ternsim: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`ternsim: internal error: ${err.message.replace(/\s*\n\s*/g, ' ')} (a bug in ternsim; run with TERNSIM_DEBUG=1 for the stack)\n`);
    if (process.env['TERNSIM_DEBUG']) io.stderr(`${err.stack}\n`);
    return EXIT_INTERNAL;
  }
}

/** What a run printed and its exit code. */
export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, collecting what it prints (for tests and embedding). */
export async function run(argv: readonly string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { exitCode, stdout, stderr };
}
