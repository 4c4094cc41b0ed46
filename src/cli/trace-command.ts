/**
 * `ternsim trace …`: op traces (JSON Lines, docs/trace-format.md) as a yargs CommandModule with
 * three subcommands:
 *
 *   ternsim trace export --model <zoo name|config.json> [--phase decode|prefill] [--batch B]
 *                        [--context C] [--prompt N] [--zero-fraction z] [--kv-bytes 1|2] --out ops.jsonl
 *   ternsim trace inspect <ops.jsonl> [--json]
 *   ternsim trace rwkv-paper-block [--d 512] --out block.jsonl
 *
 * The module only parses and wires: handlers hand a deferred action to `onAction` (as every
 * command of src/cli/program.ts does), and the action reads files, calls the workload room and
 * writes through the given io. Bad input is an InputError (file or `command line`, key path,
 * expectation), which the CLI prints as one line and exits 2 on.
 *
 * src/cli/program.ts registers it with `.command(traceCommand((run) => onAction(run)))`.
 */
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../design/design-error.js';
import { checkWritable, writeFileAtomic } from '../io/files.js';
import { loadWorkload } from '../io/load.js';
import { ConfigError } from '../workload/config-error.js';
import { rwkvPaperBlockTrace } from '../workload/rwkv-paper-block.js';
import { summarizeWorkload, type WorkloadSummary } from '../workload/summary.js';
import { writeTrace } from '../workload/trace-format.js';
import { allZooModelNames } from '../workload/zoo.js';
import type { CliAction, CliIO } from './cli-io.js';
import { fractionOption, intOption, MAX_BATCH, MAX_CONTEXT, single, stringOption, type Args } from './options.js';

/** A parsed `trace` subcommand, run after parsing succeeded. */
export type TraceAction = CliAction;

/** The subcommands of `ternsim trace`. */
export const TRACE_SUBCOMMANDS = ['export', 'inspect', 'rwkv-paper-block'] as const;

/** Every option of `ternsim trace` and its subcommands, for "did you mean" hints. */
export const TRACE_OPTIONS: readonly string[] = ['model', 'phase', 'batch', 'context', 'prompt', 'zero-fraction', 'kv-bytes', 'out', 'json', 'd', 'help'];

/** The largest hidden size `ternsim trace rwkv-paper-block --d` accepts. */
export const MAX_PAPER_BLOCK_D = 2 ** 20;
// ---------------------------------------------------------------------------------------------
// The actions, as plain functions.
// ---------------------------------------------------------------------------------------------


/** An integer with thousands separators, and a short form beyond 10⁴: `6,738,415,616 (6.74 G)`. */
function n(v: number): string {
  const r = Math.round(v);
  const exact = r.toLocaleString('en-US');
  if (Math.abs(r) < 1e4) return exact;
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  const [div, u] = units.find(([d]) => Math.abs(r) >= d)!;
  return `${exact} (${Number((r / div).toPrecision(3))} ${u})`;
}

/** The text `trace inspect` prints for a summary. */
export function formatTraceSummary(s: WorkloadSummary, file: string): string {
  const out: string[] = [];
  const seq = s.phase === 'prefill' ? `, ${s.batch / s.sequences} prompt tokens × ${s.sequences} sequence${s.sequences === 1 ? '' : 's'}` : '';
  out.push(`${file}: ${s.model} (${s.family}) · ${s.phase}, batch ${s.batch}${seq} · context ${s.context} · ${s.layers} layers · ${s.ops} ops`);
  if (s.params) {
    const p = s.params;
    out.push(`parameters       ${n(p.total)}: ternary ${n(p.ternaryBlocks + p.ternaryHead)}, dense ${n((p.denseBlocks ?? 0) + (p.denseHead ?? 0))}, embedding ${n(p.embedding)}, other ${n(p.other)}`);
  }
  out.push('ops by kind');
  const w = Math.max(...Object.keys(s.opsByKind).map((k) => k.length));
  for (const [k, v] of Object.entries(s.opsByKind)) out.push(`  ${k.padEnd(w)}  ${String(v).padStart(6)}`);
  out.push('weights by dtype (distinct matrices; stated packing: ternary 2 bits, bf16/fp16 16, int8 8, int4 4)');
  for (const [dtype, e] of Object.entries(s.weightsByDtype)) {
    out.push(`  ${dtype.padEnd(7)}  ${String(e.matrices).padStart(5)} matrices  ${n(e.weights)} weights  ${n(e.bytes)} bytes`);
  }
  out.push(`  total    ${n(s.weightBytes)} bytes`);
  out.push(`ternary accumulates   ${n(s.ternaryAccumulates)} (non-zero weights: ${n(s.ternaryNonZeroAccumulates)})`);
  out.push(`dense MACs            ${n(s.denseMacs)}`);
  const a = s.attention;
  if (a.ops > 0) {
    out.push(`attention             ${a.ops} ops, ${n(a.scores)} scores, ${n(a.macs)} MACs`);
    out.push(`K/V bytes per step    read ${n(a.kvReadBytes)}, write ${n(a.kvWriteBytes)}; cache after the step ${n(a.kvCacheBytes)}`);
  } else {
    out.push('K/V bytes per step    0 (no attention)');
  }
  out.push(`vector elements       element-wise ${n(s.elementwiseElements)}, RMSNorm ${n(s.normElements)}, quantize ${n(s.quantizeElements)}`);
  const t = (kind: 'load' | 'store') =>
    Object.entries(s.transferBytes[kind])
      .filter(([, b]) => b > 0)
      .map(([space, b]) => `${space} ${n(b)}`)
      .join(', ') || 'none';
  out.push(`loads (bytes)         ${t('load')}`);
  out.push(`stores (bytes)        ${t('store')}`);
  return `${out.join('\n')}\n`;
}

function exportAction(a: Args, io: CliIO): void {
  const out = stringOption('out', a['out'])!;
  const model = stringOption('model', a['model'])!;
  const phase = single('phase', a['phase'] as 'decode' | 'prefill' | undefined);
  const opts = {
    model,
    phase,
    batch: intOption('batch', a['batch'], 1, MAX_BATCH),
    context: intOption('context', a['context'], 1, MAX_CONTEXT),
    promptTokens: intOption('prompt', a['prompt'], 1, MAX_CONTEXT),
    zeroFraction: fractionOption('zero-fraction', a['zero-fraction']),
    kvBytesPerElement: intOption('kv-bytes', a['kv-bytes'], 1, 2),
  };
  checkWritable(out);
  const w = loadWorkload(opts);
  writeFileAtomic(out, writeTrace(w));
  const seq = w.phase === 'prefill' ? ` (${w.batch / (w.sequences ?? w.batch)} prompt tokens × ${w.sequences ?? w.batch} sequences)` : '';
  io.stdout(`wrote ${out}: ${w.model} (${w.family}) · ${w.phase}, batch ${w.batch}${seq} · context ${w.context ?? 0} · ${w.ops.length} ops\n`);
}

function inspectAction(a: Args, io: CliIO): void {
  const file = stringOption('file', a['file']);
  if (file === undefined) throw new InputError('command line', '<file>', 'missing; expected a trace file: ternsim trace inspect <ops.jsonl>');
  const s = summarizeWorkload(loadWorkload({ trace: file }));
  io.stdout(a['json'] ? `${JSON.stringify(s, null, 2)}\n` : formatTraceSummary(s, file));
}

function paperBlockAction(a: Args): void {
  const out = stringOption('out', a['out'])!;
  const d = intOption('d', a['d'], 1, MAX_PAPER_BLOCK_D) ?? 512;
  checkWritable(out);
  let text: string;
  try {
    text = rwkvPaperBlockTrace(d);
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError('command line', '--d', `expected a hidden size the paper block can be built with, got ${d} (${e.message})`);
    throw e;
  }
  writeFileAtomic(out, text);
}

// ---------------------------------------------------------------------------------------------
// The yargs module.
// ---------------------------------------------------------------------------------------------

/**
 * `ternsim trace <export|inspect|rwkv-paper-block>` as a yargs CommandModule. Each subcommand's
 * handler passes its action to `onAction`, to be run once parsing succeeded (program.ts's
 * pattern); the action throws InputError for bad input.
 */
export function traceCommand(onAction: (action: TraceAction) => void): CommandModule {
  return {
    command: 'trace',
    describe: 'write or inspect op traces (JSON Lines): a model phase, or the paper\'s RWKV-4-style FPGA block',
    builder: (y: Argv) =>
      y
        .command(
          'export',
          'write the op trace of a model phase: one decode step at context C, or a prefill of N prompt tokens',
          (e) =>
            e
              .option('model', { type: 'string', demandOption: true, describe: `zoo name (${allZooModelNames().join(', ')}) or path to a Hugging Face config.json` })
              .option('phase', { choices: ['decode', 'prefill'] as const, describe: 'decode (default): one new token per sequence; prefill: --prompt tokens per sequence' })
              .option('batch', { type: 'string', describe: 'sequences processed together (default 1)' })
              .option('context', { type: 'string', describe: 'context after the step, cached + new tokens (attention models; default min(1024, max_position_embeddings), prefill: the prompt)' })
              .option('prompt', { type: 'string', describe: 'prefill: prompt tokens per sequence (default: the context, else min(1024, max_position_embeddings))' })
              .option('zero-fraction', { type: 'string', describe: 'fraction of zero ternary weights (default 0.31)' })
              .option('kv-bytes', { type: 'string', describe: 'bytes per cached K/V element: 2 (fp16/bf16, default) or 1 (int8)' })
              .option('out', { type: 'string', demandOption: true, describe: 'output .jsonl file (written atomically)' }),
          (a) => onAction((io) => exportAction(a as Args, io)),
        )
        .command(
          'inspect [file]',
          'summarize a trace: op counts by kind, weight bytes by dtype, accumulates and MACs, K/V bytes per step',
          (i) =>
            i
              .positional('file', { type: 'string', describe: 'trace file (format version 1 or 2)' })
              .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }),
          (a) => onAction((io) => inspectAction(a as Args, io)),
        )
        .command(
          'rwkv-paper-block',
          "write the paper's FPGA block program (the RWKV-4-style MatMul-free token mixer, 29 instructions)",
          (r) =>
            r
              .option('d', { type: 'string', describe: 'hidden size (default 512)' })
              .option('out', { type: 'string', demandOption: true, describe: 'output .jsonl file' }),
          (a) => onAction(() => paperBlockAction(a as Args)),
        )
        .demandCommand(1, `expected a trace subcommand: ${TRACE_SUBCOMMANDS.join(', ')}`),
    handler: () => {
      // Only reached without a subcommand, which demandCommand refuses first.
    },
  };
}
