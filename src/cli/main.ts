#!/usr/bin/env node
import { relative, join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../design/design-error.js';
import { writeFileAtomic } from '../io/files.js';
import { loadDesign, loadWorkload } from '../io/load.js';
import { listDesignFiles, packageRoot } from '../io/package-root.js';
import { resultsToCsv } from '../report/csv.js';
import { resultsToMarkdown } from '../report/markdown.js';
import { runComparison } from '../sim/compare.js';
import { simulate } from '../sim/simulate.js';
import { stableStringify } from '../util/hash.js';
import { rwkvPaperBlockTrace } from '../workload/rwkv-paper-block.js';
import { writeTrace } from '../workload/trace-format.js';
import { ZOO, zooModelNames } from '../workload/zoo.js';
import { formatResult } from './format.js';

/** Exit code for bad input (files, options, values). */
const EXIT_BAD_INPUT = 2;

/** Pretty JSON with sorted keys (byte-identical for identical results). */
function json(value: unknown): string {
  return `${JSON.stringify(JSON.parse(stableStringify(value)), null, 2)}\n`;
}

const modeOption = { choices: ['cycle', 'fast'] as const, default: 'fast' as const, describe: 'cycle: every event; fast: steady-state streams extrapolated' };

/** Builds the yargs parser (exported for tests). */
export function cli(argv: string[]) {
  return yargs(argv)
    .scriptName('ternsim')
    .strict()
    .command(
      'simulate <design>',
      'simulate one decode step of a model on a design',
      (y) =>
        y
          .positional('design', { type: 'string', demandOption: true, describe: 'design file (YAML/JSON)' })
          .option('model', { type: 'string', describe: 'zoo name or path to a Hugging Face config.json' })
          .option('trace', { type: 'string', describe: 'op trace (JSON Lines) instead of --model' })
          .option('batch', { type: 'number', describe: 'tokens decoded together (default 1)' })
          .option('zero-fraction', { type: 'number', describe: 'fraction of zero ternary weights (default 0.31)' })
          .option('mode', modeOption)
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a design field: key.path=value' })
          .option('json', { type: 'boolean', default: false, describe: 'print the Result as JSON' })
          .option('out', { type: 'string', describe: 'also write the Result JSON to this file (atomically)' }),
      (a) => {
        const design = loadDesign(a.design, a.set);
        const workload = loadWorkload({ model: a.model, trace: a.trace, batch: a.batch, zeroFraction: a['zero-fraction'] });
        const r = simulate(design, workload, { mode: a.mode });
        if (a.out) writeFileAtomic(a.out, json(r));
        process.stdout.write(a.json ? json(r) : `${formatResult(r)}\n`);
      },
    )
    .command(
      'compare',
      'simulate the shipped designs (or the given ones) on the zoo models and write a comparison report',
      (y) =>
        y
          .option('designs', { type: 'string', array: true, describe: 'design files (default: every file under designs/)' })
          .option('models', { type: 'string', array: true, describe: 'zoo names or config.json paths (default: the zoo)' })
          .option('batch', { type: 'number', default: 1 })
          .option('mode', modeOption)
          .option('out', { type: 'string', default: 'reports/default', describe: 'output folder' }),
      (a) => {
        const root = packageRoot();
        const designFiles = a.designs ?? listDesignFiles(join(root, 'designs'));
        const designs = designFiles.map((f) => loadDesign(f));
        const workloads = (a.models ?? zooModelNames()).map((m) => loadWorkload({ model: m, batch: a.batch }));
        const results = runComparison(designs, workloads, { mode: a.mode }, (r, done, total) => {
          process.stderr.write(`[${done}/${total}] ${r.design.name} · ${r.workload.model}: ${r.tokensPerSecond.toPrecision(4)} tokens/s, ${r.watts.toPrecision(3)} W\n`);
        });
        writeFileAtomic(join(a.out, 'results.json'), json(results));
        writeFileAtomic(join(a.out, 'results.csv'), resultsToCsv(results));
        writeFileAtomic(join(a.out, 'summary.md'), resultsToMarkdown(results));
        process.stdout.write(`${resultsToMarkdown(results)}\nwrote ${relative(process.cwd(), a.out) || '.'}/results.json, results.csv, summary.md\n`);
      },
    )
    .command(
      'models',
      'list the model zoo',
      (y) => y.option('json', { type: 'boolean', default: false }),
      (a) => {
        const rows = zooModelNames().map((n) => ({ name: n, description: ZOO[n]!.description, source: ZOO[n]!.source }));
        if (a.json) process.stdout.write(json(rows));
        else for (const r of rows) process.stdout.write(`${r.name.padEnd(16)} ${r.description}\n`);
      },
    )
    .command(
      'trace <what>',
      'write an op trace (JSON Lines): a zoo model\'s decode step, or the paper\'s RWKV-4-style FPGA block',
      (y) =>
        y
          .positional('what', { type: 'string', demandOption: true, describe: 'a zoo name, a config.json, or "rwkv-paper-block"' })
          .option('d', { type: 'number', default: 512, describe: 'hidden size of the RWKV paper block' })
          .option('batch', { type: 'number' })
          .option('out', { type: 'string', demandOption: true, describe: 'output .jsonl file' }),
      (a) => {
        if (!Number.isInteger(a.d) || a.d <= 0) throw new InputError('--d', '', `expected a positive integer hidden size, got ${a.d}`);
        const text = a.what === 'rwkv-paper-block' ? rwkvPaperBlockTrace(a.d) : writeTrace(loadWorkload({ model: a.what, batch: a.batch }));
        writeFileAtomic(a.out, text);
      },
    )
    .demandCommand(1, 'expected a command: simulate, compare, models or trace')
    .fail((msg, err) => {
      if (err) throw err;
      throw new InputError('command line', '', msg);
    })
    .help();
}

/** Runs the CLI: bad input prints one line and exits 2; anything else is an internal error (exit 1). */
export async function main(argv: string[]): Promise<void> {
  try {
    await cli(argv).parseAsync();
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`ternsim: ${e.message}\n`);
      process.exitCode = EXIT_BAD_INPUT;
      return;
    }
    process.stderr.write(`ternsim: internal error: ${(e as Error).message}\n`);
    if (process.env['TERNSIM_DEBUG']) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
}

await main(hideBin(process.argv));
