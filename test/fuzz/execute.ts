/**
 * Runs one fuzz case in-process: writes its folder, makes it the working directory, runs the CLI's
 * `main(argv, io)` with stdout/stderr captured, and checks the properties of src/../case.ts. Used by
 * the fuzz server (tools/fuzz/server.ts), a child process the runner can kill when a case hangs.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';
import { packageRoot } from '../../src/io/package-root.js';
import { checkRun, materialize, snapshot, type FuzzCase, type Outcome, type Violation } from './case.js';

/** Paths of the template files (made once per folder). */
export type Templates = Record<'store' | 'result', string>;

async function quietMain(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { exitCode, stdout, stderr };
}

/** Makes the templates under `dir` (a 12-point sweep store and a Result JSON) unless there already. */
export async function makeTemplates(dir: string): Promise<Templates> {
  const root = packageRoot();
  const t: Templates = { store: join(dir, 'store.db'), result: join(dir, 'result.json') };
  mkdirSync(dir, { recursive: true });
  if (!existsSync(t.result)) {
    const r = await quietMain(['simulate', join(root, 'test/fixtures/good/tiny.yaml'), '--model', join(root, 'test/fixtures/sweeps/tiny-model.json'), '--out', t.result]);
    if (r.exitCode !== 0) throw new Error(`fuzz template result: ${r.stderr}`);
  }
  if (!existsSync(t.store)) {
    const r = await quietMain(['sweep', join(root, 'test/fixtures/sweeps/tiny-grid.yaml'), '--store', t.store, '--jobs', '1', '--no-progress']);
    if (r.exitCode !== 0) throw new Error(`fuzz template store: ${r.stderr}`);
  }
  return t;
}

/** Warms the lazily loaded modules (report, sweep, results, trace, dram) so a first use is not taken for a leak. */
export async function warmUp(dir: string, t: Templates): Promise<void> {
  const root = packageRoot();
  const w = join(dir, 'warm');
  rmSync(w, { recursive: true, force: true });
  mkdirSync(w, { recursive: true });
  writeFileSync(join(w, 'd.trc'), '0x0 READ\n0x40 WRITE 5\n');
  for (const argv of [
    ['report', t.result, t.store, '--out', join(w, 'rep')],
    ['results', 'query', '--store', t.store],
    ['results', 'export', '--store', t.store, '--format', 'json'],
    ['trace', 'inspect', join(root, 'test/fixtures/traces/tiny-v1.jsonl')],
    ['dram', 'DDR4-2400', '--trace', join(w, 'd.trc')],
    ['simulate', join(root, 'test/fixtures/good/tiny.yaml'), '--model', join(root, 'test/fixtures/sweeps/tiny-model.json'), '--mode', 'cycle'],
  ]) await quietMain(argv);
  rmSync(w, { recursive: true, force: true });
}

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

let unhandled: string[] = [];
let hooked = false;

/**
 * Runs `c` in `dir` (an empty folder). Changes the process's working directory while it runs, and
 * watches process.stdout/stderr for direct writes: call it from a process of its own (the fuzz server).
 */
export async function executeCase(c: FuzzCase, dir: string, templates: Templates): Promise<Outcome> {
  if (!hooked) {
    hooked = true;
    process.on('unhandledRejection', (e) => void unhandled.push(String(e instanceof Error ? e.message : e)));
  }
  materialize(c, dir, { repoRoot: packageRoot(), templates });
  const before = snapshot(dir);
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).length;
  const fds = openFds();
  unhandled = [];
  const direct: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    direct.push(`stdout: ${String(chunk).slice(0, 200)}`);
    return (out as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    direct.push(`stderr: ${String(chunk).slice(0, 200)}`);
    return (err as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  const home = process.cwd();
  const t0 = performance.now();
  let r: { exitCode: number; stdout: string; stderr: string };
  try {
    process.chdir(dir);
    r = await quietMain(c.argv);
    // Warnings (process.emitWarning) print on a later tick: let them come while the streams are watched.
    await new Promise((res) => setImmediate(res));
  } finally {
    process.chdir(home);
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const ms = performance.now() - t0;
  const violations: Violation[] = checkRun(c, r, before, snapshot(dir));
  if (direct.length > 0) violations.push({ kind: 'direct-process-write', detail: direct.slice(0, 3).join(' | ') });
  const nowFds = openFds();
  if (nowFds > fds) violations.push({ kind: 'fd-leak', detail: `${nowFds - fds} file descriptor(s) left open` });
  const pollution = Object.getOwnPropertyNames(Object.prototype);
  if (pollution.length !== protoKeys) {
    violations.push({ kind: 'prototype-pollution', detail: `Object.prototype now has ${pollution.join(', ')}` });
    for (const k of pollution.slice(protoKeys)) delete (Object.prototype as Record<string, unknown>)[k];
  }
  if (unhandled.length > 0) violations.push({ kind: 'unhandled-rejection', detail: unhandled.slice(0, 2).join(' | ') });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, ms, violations };
}
