/**
 * `npm run fuzz`: the property-based fuzzer over every input surface of the CLI (see docs/fuzzing.md).
 *
 *   node dist/tools/fuzz/main.js [--cases 10000] [--seed 1] [--timeout 10000] [--surface design,sweep] [--full]
 *   node dist/tools/fuzz/main.js --replay <seed> --surface <surface> [--keep <folder>]
 *
 * Prints the counts by surface (cases, exit 0, exit 2, other, violations by kind) and each violation
 * class with the seed and surface that reproduce it; exits 1 when a violation was found.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { SURFACES, shellLine, type Surface } from '../../test/fuzz/case.js';
import { drawCase } from '../../test/fuzz/generators.js';
import { FuzzRunner, formatSummary, runCampaign } from '../../test/fuzz/runner.js';
import { makeTemplates } from '../../test/fuzz/execute.js';
import { materialize } from '../../test/fuzz/case.js';
import { packageRoot } from '../../src/io/package-root.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const surfaces = (arg('surface')?.split(',') ?? [...SURFACES]) as Surface[];
for (const s of surfaces) if (!(SURFACES as readonly string[]).includes(s)) throw new Error(`unknown surface ${s}; expected ${SURFACES.join(', ')}`);
const timeoutMs = Number(arg('timeout') ?? 10_000);
const replay = arg('replay');

if (replay !== undefined) {
  const seed = Number(replay);
  const c = drawCase(surfaces[0]!, seed);
  console.log(`case (seed ${seed}, surface ${surfaces[0]}):\n${JSON.stringify(c, null, 2)}\n`);
  console.log(`run: ${shellLine(c)}\n`);
  const keep = arg('keep');
  if (keep !== undefined) {
    // Write the case folder for a look by hand (the templates made here, as the server makes them).
    const dir = resolve(keep);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const templates = await makeTemplates(resolve(dir, '..', `.${seed}-templates`));
    materialize(c, dir, { repoRoot: packageRoot(), templates });
    console.log(`case folder: ${dir}  (cd there and run the line above)\n`);
  }
  const runner = new FuzzRunner({ timeoutMs });
  try {
    const o = await runner.run(c);
    console.log(`exit ${o.exitCode} in ${o.ms.toFixed(0)} ms\nstdout: ${JSON.stringify(o.stdout.slice(0, 2000))}\nstderr: ${JSON.stringify(o.stderr.slice(0, 2000))}`);
    console.log(o.violations.length === 0 ? 'no violation' : `violations:\n${o.violations.map((v) => `  ${v.kind}: ${v.detail}`).join('\n')}`);
    process.exitCode = o.violations.length === 0 ? 0 : 1;
  } finally {
    runner.close();
  }
} else {
  const cases = Number(arg('cases') ?? 10_000);
  const seed = Number(arg('seed') ?? 1);
  const every = Math.max(1, Math.round(cases / 20));
  const summary = await runCampaign({
    seed,
    cases,
    timeoutMs,
    surfaces,
    onCase: (i) => {
      if ((i + 1) % every === 0) process.stderr.write(`${i + 1}/${cases} cases\n`);
    },
  });
  console.log(formatSummary(summary, { full: process.argv.includes('--full') }));
  process.exitCode = summary.classes.size === 0 ? 0 : 1;
}
