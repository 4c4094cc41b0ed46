/**
 * Runs fuzz cases in a long-lived child process (the fuzz server, dist/tools/fuzz/server.js: the
 * compiled CLI run in-process, many cases per process) with a wall-time limit per case: a case past
 * the limit is a `hang`, and the server is killed and forked again. While a case runs, its FIFOs are
 * watched: one the CLI opened for reading is a violation (`opened-fifo`), and the watcher feeds it a
 * line and closes it so the run goes on instead of hanging.
 *
 * {@link runCampaign} draws `cases` cases (case i on surface i mod the surfaces, from seed `seed + i`,
 * so any one case is drawn again from its seed alone), runs them and counts exit codes and violations
 * by surface; each violation class keeps its first reproducer.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, constants, lstatSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/io/package-root.js';
import { shellLine, SURFACES, type FuzzCase, type Outcome, type Surface, type Violation, type ViolationKind } from './case.js';
import { drawCase } from './generators.js';

export interface RunnerOptions {
  /** Wall-time limit of one case, ms. */
  timeoutMs: number;
  /** The server's file (default: dist/tools/fuzz/server.js of the checkout). */
  server?: string;
  /** Fork a fresh server after this many cases (default 1000). */
  restartEvery?: number;
}

type Pending = { id: number; resolve: (o: Outcome) => void };

/** A fuzz server and the cases sent to it, one at a time. */
export class FuzzRunner {
  readonly workDir = mkdtempSync(join(tmpdir(), 'ternsim-fuzz-'));
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private pending: Pending | null = null;
  private tail = '';
  private onChild = 0;
  private next = 0;

  constructor(private readonly opts: RunnerOptions) {}

  private start(): Promise<void> {
    const server = this.opts.server ?? join(packageRoot(), 'dist', 'tools', 'fuzz', 'server.js');
    const child = fork(server, [join(this.workDir, 'templates')], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
    this.child = child;
    this.onChild = 0;
    this.tail = '';
    const keep = (d: Buffer) => void (this.tail = (this.tail + d.toString()).slice(-2000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return new Promise((resolve, reject) => {
      child.on('message', (m: { ready?: boolean; id?: number; outcome?: Outcome; error?: string }) => {
        if (m.ready) return resolve();
        if (this.pending && m.id === this.pending.id) {
          const p = this.pending;
          this.pending = null;
          p.resolve(m.outcome ?? { exitCode: null, stdout: '', stderr: '', ms: 0, violations: [{ kind: 'server-crash', detail: `harness error: ${m.error}` }] });
        }
      });
      child.on('exit', (code, signal) => {
        reject(new Error(`fuzz server exited (${code ?? signal}) before it was ready: ${this.tail}`));
        // A server killed for a hang is no longer this.child; its exit must not end the next case.
        if (this.child !== child) return;
        this.child = null;
        this.ready = null;
        if (this.pending) {
          const p = this.pending;
          this.pending = null;
          p.resolve({ exitCode: null, stdout: '', stderr: '', ms: 0, violations: [{ kind: 'server-crash', detail: `server exited (${code ?? signal}): ${this.tail.slice(-300)}` }] });
        }
      });
    });
  }

  private kill(): void {
    const c = this.child;
    this.child = null;
    this.ready = null;
    c?.kill('SIGKILL');
  }

  /** Runs one case in a fresh folder (removed afterwards). */
  async run(c: FuzzCase): Promise<Outcome> {
    if (this.child && this.onChild >= (this.opts.restartEvery ?? 1000)) this.kill();
    if (!this.ready) this.ready = this.start();
    await this.ready;
    this.onChild++;
    const id = this.next++;
    const dir = join(this.workDir, `case-${id}`);
    mkdirSync(dir);
    const fifos = Object.entries(c.files).filter(([, f]) => f.kind === 'fifo').map(([n]) => join(dir, n));
    const opened: Violation[] = [];
    const t0 = performance.now();
    const outcome = await new Promise<Outcome>((resolve) => {
      let watch: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => {
        this.pending = null;
        this.kill();
        resolve({ exitCode: null, stdout: '', stderr: '', ms: performance.now() - t0, violations: [{ kind: 'hang', detail: `no answer within ${this.opts.timeoutMs} ms` }] });
      }, this.opts.timeoutMs);
      const done = (o: Outcome) => {
        clearTimeout(timer);
        if (watch) clearInterval(watch);
        resolve(o);
      };
      this.pending = { id, resolve: done };
      if (fifos.length > 0) {
        watch = setInterval(() => {
          for (const f of fifos) {
            try {
              if (!lstatSync(f).isFIFO()) continue;
              const fd = openSync(f, constants.O_WRONLY | constants.O_NONBLOCK); // ENXIO unless a reader has it open
              opened.push({ kind: 'opened-fifo', detail: `the CLI opened the FIFO ${f.slice(dir.length + 1)} for reading` });
              try {
                writeSync(fd, 'fed by the fuzzer\n');
              } finally {
                closeSync(fd);
              }
            } catch {
              // No reader, or gone.
            }
          }
        }, 100);
      }
      this.child!.send({ id, case: c, dir });
    });
    rmSync(dir, { recursive: true, force: true });
    return { ...outcome, violations: [...opened.slice(0, 1), ...outcome.violations] };
  }

  close(): void {
    this.kill();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** A case drawn again from its seed, and what it did. */
export interface Reproducer {
  seed: number;
  surface: Surface;
  case: FuzzCase;
  exitCode: number | null;
  stderr: string;
  violation: Violation;
}

export interface SurfaceCounts {
  cases: number;
  exit0: number;
  exit2: number;
  /** Other exits, and runs with no exit (hang, crash). */
  other: number;
  violations: Partial<Record<ViolationKind, number>>;
  maxMs: number;
  totalMs: number;
}

/** A violation class: its kind and the detail with names, numbers and quoted text blanked. */
export function signature(v: Violation): string {
  const d = v.detail
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b[\w.-]*\/[\w./-]*/g, '<path>')
    .replace(/\d+(\.\d+)?/g, 'N')
    .slice(0, 90);
  return `${v.kind}: ${d}`;
}

export interface Summary {
  seed: number;
  cases: number;
  ms: number;
  bySurface: Record<string, SurfaceCounts>;
  /** Violation classes (by {@link signature}), with counts and the first reproducer. */
  classes: Map<string, { count: number; first: Reproducer }>;
}

export interface CampaignOptions {
  seed: number;
  cases: number;
  timeoutMs: number;
  surfaces?: readonly Surface[];
  /** Called after each case. */
  onCase?: (i: number, seed: number, c: FuzzCase, o: Outcome) => void;
}

/** Runs a seeded campaign through one fuzz server. */
export async function runCampaign(opts: CampaignOptions): Promise<Summary> {
  const surfaces = opts.surfaces ?? SURFACES;
  const runner = new FuzzRunner({ timeoutMs: opts.timeoutMs });
  const t0 = performance.now();
  const summary: Summary = { seed: opts.seed, cases: 0, ms: 0, bySurface: {}, classes: new Map() };
  try {
    for (let i = 0; i < opts.cases; i++) {
      const surface = surfaces[i % surfaces.length]!;
      const seed = (opts.seed + i) | 0;
      const c = drawCase(surface, seed);
      const o = await runner.run(c);
      const s = (summary.bySurface[surface] ??= { cases: 0, exit0: 0, exit2: 0, other: 0, violations: {}, maxMs: 0, totalMs: 0 });
      s.cases++;
      if (o.exitCode === 0) s.exit0++;
      else if (o.exitCode === 2) s.exit2++;
      else s.other++;
      s.maxMs = Math.max(s.maxMs, Math.round(o.ms));
      s.totalMs += o.ms;
      for (const v of o.violations) {
        s.violations[v.kind] = (s.violations[v.kind] ?? 0) + 1;
        const key = signature(v);
        const cl = summary.classes.get(key);
        if (cl) cl.count++;
        else summary.classes.set(key, { count: 1, first: { seed, surface, case: c, exitCode: o.exitCode, stderr: o.stderr, violation: v } });
      }
      summary.cases++;
      opts.onCase?.(i, seed, c, o);
    }
  } finally {
    runner.close();
  }
  summary.ms = performance.now() - t0;
  return summary;
}

/** The counts as a table, then each violation class with its reproducer. */
export function formatSummary(s: Summary, opts: { full?: boolean } = {}): string {
  const lines: string[] = [`fuzz: ${s.cases} cases from seed ${s.seed} in ${(s.ms / 1000).toFixed(1)} s`, ''];
  lines.push(`${'surface'.padEnd(9)} ${'cases'.padStart(6)} ${'exit 0'.padStart(6)} ${'exit 2'.padStart(6)} ${'other'.padStart(6)} ${'mean ms'.padStart(7)} ${'max ms'.padStart(7)}  violations`);
  for (const [name, c] of Object.entries(s.bySurface)) {
    const v = Object.entries(c.violations).map(([k, n]) => `${k} ${n}`).join(', ') || '-';
    lines.push(`${name.padEnd(9)} ${String(c.cases).padStart(6)} ${String(c.exit0).padStart(6)} ${String(c.exit2).padStart(6)} ${String(c.other).padStart(6)} ${String(Math.round(c.totalMs / c.cases)).padStart(7)} ${String(c.maxMs).padStart(7)}  ${v}`);
  }
  const classes = [...s.classes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  lines.push('', `violation classes: ${classes.length}`);
  for (const [key, { count, first }] of classes) {
    lines.push('', `[${count}×] ${key}`, `  first: seed ${first.seed}, surface ${first.surface}, exit ${first.exitCode}: ${first.violation.detail.slice(0, 400)}`);
    if (first.stderr) lines.push(`  stderr: ${JSON.stringify(first.stderr.slice(0, 300))}`);
    lines.push(`  reproduce: npm run fuzz -- --replay ${first.seed} --surface ${first.surface}    (${shellLine(first.case).slice(0, 300)})`);
    if (opts.full) lines.push(`  case: ${JSON.stringify(first.case).slice(0, 3000)}`);
  }
  return lines.join('\n');
}
