/**
 * `ternsim sweep <spec>` and `ternsim results <query|export|merge|pareto>`: a thin layer over
 * dse/ (points, samplers, pruning, the sweep loop), io/ (the SQLite store, the worker pool) and
 * report/ (tables). Bad input is thrown as InputError (one line, exit 2).
 */
import { InputError } from '../design/design-error.js';
import { redactUrl } from '../util/redact-url.js';
import { shardOf } from '../dse/design-point.js';
import { frontsByGroup, type Goal } from '../dse/pareto.js';
import { distinctSweepPoints, runSweep } from '../dse/run-sweep.js';
import type { StoredPoint } from '../dse/stored-point.js';
import { METRICS, type Metric, type SweepSpec } from '../dse/sweep-spec.js';
import { writeFileAtomic, checkWritable } from '../io/files.js';
import { loadSweep } from '../io/load.js';
import { parseWhere, ResultStore } from '../io/result-store.js';
import { storedJson, storedParams } from '../io/result-input.js';
import { createEvaluator, defaultJobs } from '../io/worker-pool.js';
import type { QueueTiming } from '../io/point-queue.js';
import { pointRows, pointsToCsv, pointsToText } from '../report/points-table.js';
import type { CliIO } from './cli-io.js';
import { choiceOption, intOption, stringOption, type Args } from './options.js';
import { Progress } from './progress.js';
import { processIO } from './process-io.js';
import { defaultStorePath } from './default-store.js';


/**
 * The Redis queue's module, loaded only by the commands that use a queue (BullMQ and ioredis take
 * about a third of a second to load, which a local sweep should not pay).
 */
const pointQueue = () => import('../io/point-queue.js');

/** Refuses a --queue URL whose database the Redis server lacks (before anything is read or written there). */
async function checkQueueDatabase(url: string): Promise<void> {
  await (await import('../io/redis-database.js')).checkRedisDatabase(url);
}

/** Queue timing from --attempts, --lock-ms, --stalled-ms. */
async function queueTiming(a: Args): Promise<QueueTiming> {
  const { DEFAULT_QUEUE_TIMING } = await pointQueue();
  return {
    attempts: intOption('attempts', a['attempts'], 1, 100) ?? DEFAULT_QUEUE_TIMING.attempts,
    lockMs: intOption('lock-ms', a['lock-ms'], 1000, 3_600_000) ?? DEFAULT_QUEUE_TIMING.lockMs,
    stalledMs: intOption('stalled-ms', a['stalled-ms'], 500, 3_600_000) ?? DEFAULT_QUEUE_TIMING.stalledMs,
  };
}

/** `ternsim sweep <spec> --queue <url>`: puts the points on the queue for `ternsim worker`s. */
async function enqueueCommand(a: Args, io: CliIO, url: string): Promise<void> {
  await checkQueueDatabase(url);
  const { spec, baseRaw } = loadSweep(stringOption('spec', a['spec'])!);
  const storePath = stringOption('store', a['store']);
  const store = storePath !== undefined ? ResultStore.openReadOnly(storePath) : null;
  try {
    const r = await (await pointQueue()).enqueueSweep(url, spec, baseRaw, store, await queueTiming(a));
    const shown = redactUrl(url);
    io.stdout(`${spec.name}: ${r.total} points · ${r.enqueued} enqueued, ${r.pruned} pruned, ${r.done} already finished, ${r.queued} already queued · queue ${shown}\nrun workers: ternsim worker --queue ${shown}; then: ternsim results collect --queue ${shown} --sweep ${spec.name} --store <store.db>\n`);
  } finally {
    store?.close();
  }
}

/** `ternsim sweep status --queue <url> [--sweep name]`. */
async function statusCommand(a: Args, io: CliIO, url: string): Promise<void> {
  await checkQueueDatabase(url);
  const counts = await (await pointQueue()).queueStatus(url, stringOption('sweep', a['sweep']));
  io.stdout(`${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(' · ')}\n`);
}

/** `ternsim worker --queue <url> [--concurrency N]`: simulates queued points until SIGTERM/SIGINT, then finishes the points in hand. */
export async function workerCommand(a: Args, io: CliIO): Promise<void> {
  const url = stringOption('queue', a['queue']);
  if (url === undefined) throw new InputError('command line', '--queue', 'missing; expected a Redis URL, e.g. redis://127.0.0.1:6379/0');
  const concurrency = intOption('concurrency', a['concurrency'], 1, 1024) ?? defaultJobs();
  await checkQueueDatabase(url);
  const evaluator = createEvaluator(concurrency);
  const worker = await (await pointQueue()).startQueueWorker(url, concurrency, evaluator.evaluate, await queueTiming(a));
  io.stderr(`worker ${process.pid}: ${concurrency} at a time from ${redactUrl(url)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  io.stderr(`worker ${process.pid}: finishing the points in hand\n`);
  await worker.close();
  await evaluator.close();
  io.stderr(`worker ${process.pid}: ${worker.processed} points done\n`);
}

/** `--shard i/N` (1-based i) as a 0-based index and count. */
export function shardOption(v: unknown): { index: number; count: number } | undefined {
  const s = stringOption('shard', v);
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(n >= 1 && n <= 100_000 && i >= 1 && i <= n)) throw new InputError('command line', '--shard', `expected i/N with 1 <= i <= N, e.g. 2/8, got ${JSON.stringify(s)}`);
  return { index: i - 1, count: n };
}

/** The store a sweep writes by default: reports/sweeps/<name>[.shard-i-of-N].db (a name that would leave that folder is refused). */
function defaultStore(spec: SweepSpec, shard?: { index: number; count: number }): string {
  return defaultStorePath(spec.name, spec.file, shard);
}

/** Runs a sweep; Ctrl-C or SIGTERM stops it after the points in flight (they are stored; run again to resume). */
export async function sweepCommand(a: Args, io: CliIO): Promise<void> {
  const url = stringOption('queue', a['queue']);
  if (a['spec'] === 'status') {
    if (url === undefined) throw new InputError('command line', '--queue', 'missing; expected the Redis URL of the queue, e.g. redis://127.0.0.1:6379/0');
    return statusCommand(a, io, url);
  }
  if (url !== undefined) return enqueueCommand(a, io, url);
  const specFile = stringOption('spec', a['spec'])!;
  const jobs = intOption('jobs', a['jobs'], 1, 1024) ?? defaultJobs();
  const shard = shardOption(a['shard']);
  const { spec, baseRaw, specHash } = loadSweep(specFile);
  if (shard && spec.sampler.type === 'nsga2') throw new InputError('command line', '--shard', 'expected a grid, random or lhs sweep: each nsga2 generation depends on the one before');
  const storePath = stringOption('store', a['store']) ?? defaultStore(spec, shard);
  const store = ResultStore.createAt(storePath);
  store.setMeta('sweep', spec.name);
  store.setMeta('specHash', specHash);
  const evaluator = createEvaluator(jobs);
  let stop = false;
  const onSignal = () => {
    if (stop) process.exit(130);
    stop = true;
    io.stderr('\nstopping after the points in flight (every finished point is stored; run the same command to resume)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tty = a['progress'] !== false && process.stderr.isTTY === true;
  // On a terminal the bar redraws itself with \r and ESC[K, which io (terminalText) would show as escapes; it holds no user text.
  const progress = new Progress(tty ? processIO.stderr : io.stderr, tty);
  let failed = false;
  try {
    const sum = await runSweep(spec, baseRaw, store, evaluator.evaluate, {
      shard,
      jobs: evaluator.inFlight,
      onPoint: (_row, done, total) => progress.update(done, total),
      shouldStop: () => stop,
    });
    progress.finish();
    const mine = [...store.query([{ column: 'sweep', op: '=', value: spec.name }])].filter((p) => !shard || shardOf(p.key, shard.count) === shard.index);
    const goals = spec.objectives;
    const front = frontOf(mine, goals);
    io.stdout(
      `${spec.name}: ${sum.total} points${shard ? ` (shard ${shard.index + 1}/${shard.count}: ${sum.total - sum.otherShards} of them)` : ''} · ${sum.simulated} simulated, ${sum.infeasible} infeasible, ${sum.pruned} pruned, ${sum.failed} failed, ${sum.reused} reused (drawn again or stored by an earlier run) · ${evaluator.threads || 1} thread(s)${sum.stopped ? ' · STOPPED early' : ''}\n`,
    );
    for (const model of spec.models) {
      const shown = mine.filter((p) => p.model === model && front.has(p.key)).sort((x, y) => (y[goals[0]!.metric] as number) - (x[goals[0]!.metric] as number) || (x.key < y.key ? -1 : 1));
      const feasible = mine.filter((p) => p.model === model && p.status === 'done').length;
      if (shown.length > 0) io.stdout(`\n${model}: Pareto front (${goals.map((g) => `${g.goal} ${g.metric}`).join(', ')}), ${shown.length} of ${feasible} feasible points${shown.length > 20 ? ', first 20' : ''}\n${pointsToText(pointRows(shown.slice(0, 20)))}\n`);
    }
    io.stdout(`\nstore: ${storePath}  (ternsim results query --store ${storePath})\n`);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await evaluator.close();
    // A failed sweep keeps the points it finished (run again to resume); a new store it left empty goes.
    if (failed) store.discard(true);
    else store.close();
  }
}

/** Keys of the feasible points on the Pareto front of `goals`, one front per model (designs compete on the same model). */
function frontOf(points: readonly StoredPoint[], goals: readonly { metric: Metric; goal: Goal }[]): Set<string> {
  const done = points.filter((p) => p.status === 'done' && goals.every((g) => p[g.metric] !== null));
  const front = frontsByGroup(done, (p) => p.model, (p) => goals.map((g) => p[g.metric] as number), goals.map((g) => g.goal));
  return new Set([...front].map((p) => p.key));
}

/** `--objectives tokensPerSecond:max,watts:min` (default: those two). */
function objectivesOption(v: unknown): { metric: Metric; goal: Goal }[] {
  const s = stringOption('objectives', v) ?? 'tokensPerSecond:max,watts:min';
  const out = s.split(',').map((part) => {
    const [metric, goal] = part.trim().split(':');
    if (!(METRICS as readonly string[]).includes(metric ?? '') || (goal !== 'max' && goal !== 'min')) {
      throw new InputError('command line', '--objectives', `expected metric:max|min pairs separated by commas (metrics: ${METRICS.join(', ')}), got ${JSON.stringify(part.trim())}`);
    }
    return { metric: metric as Metric, goal: goal as Goal };
  });
  if (out.length < 1 || out.length > 3) throw new InputError('command line', '--objectives', `expected one to three objectives, got ${out.length}`);
  return out;
}

/** Opens an existing store named by --store, for reading only. */
function openStore(a: Args): ResultStore {
  const path = stringOption('store', a['store']);
  if (path === undefined) throw new InputError('command line', '--store', 'missing; expected a result store written by ternsim sweep');
  return ResultStore.openReadOnly(path);
}

/** Writes `text` to --out (atomically) or stdout. */
function emit(a: Args, io: CliIO, text: string): void {
  const out = stringOption('out', a['out']);
  if (out === undefined) io.stdout(text);
  else {
    checkWritable(out);
    writeFileAtomic(out, text);
  }
}

/** `ternsim results <query|export|pareto|merge>`. */
export async function resultsCommand(a: Args, io: CliIO): Promise<void> {
  const action = choiceOption('action', a['action'], ['query', 'export', 'pareto', 'merge', 'collect'] as const)!;
  if (action === 'collect') return collectCommand(a, io);
  const format = choiceOption('format', a['format'], ['table', 'csv', 'json'] as const) ?? (action === 'export' ? 'csv' : 'table');
  if (action === 'merge') return mergeCommand(a, io);
  const store = openStore(a);
  try {
    const points = [...store.query(parseWhere(stringOption('where', a['where']) ?? ''))];
    for (const p of points) storedParams(store.path, p); // a row whose params are not a JSON mapping is named, not a crash
    let onFront: ((p: StoredPoint) => boolean) | undefined;
    if (action === 'pareto') {
      const front = frontOf(points, objectivesOption(a['objectives']));
      onFront = (p) => front.has(p.key);
    }
    const table = pointRows(points, onFront);
    if (format === 'csv') emit(a, io, pointsToCsv(table));
    else if (format === 'json') emit(a, io, `${JSON.stringify(table.rows.map((r, i) => ({ ...r, result: storedJson(store.path, points[i]!, 'result') })), null, 2)}\n`);
    else emit(a, io, `${pointsToText(table)}\n${points.length} point(s)\n`);
  } finally {
    store.close();
  }
}

/** Copies a queued sweep's rows (and its points that failed every attempt) from Redis into --store. */
async function collectCommand(a: Args, io: CliIO): Promise<void> {
  const url = stringOption('queue', a['queue']);
  if (url === undefined) throw new InputError('command line', '--queue', 'missing; expected the Redis URL of the queue');
  await checkQueueDatabase(url);
  const specFile = stringOption('spec', a['spec']);
  const sweep = stringOption('sweep', a['sweep']) ?? (specFile !== undefined ? loadSweep(specFile).spec.name : undefined);
  if (sweep === undefined) throw new InputError('command line', '--sweep', 'missing; expected the sweep name (or --spec)');
  const path = stringOption('store', a['store']);
  if (path === undefined) throw new InputError('command line', '--store', 'missing; expected the result store to write');
  const store = ResultStore.createAt(path);
  let r: { rows: number; failed: number };
  try {
    r = await (await pointQueue()).collectResults(url, sweep, store);
  } catch (e) {
    store.discard(); // a failed collect leaves no partial store it created
    throw e;
  }
  store.close();
  io.stdout(`${sweep}: ${r.rows} row(s) and ${r.failed} failed point(s) collected into ${path}\n`);
}

/** Merges shard stores into --out; with --spec, lists the spec's points that no store holds. */
function mergeCommand(a: Args, io: CliIO): void {
  const inputs = ((a['stores'] as string[] | undefined) ?? []).map(String);
  if (inputs.length === 0) throw new InputError('command line', '<stores..>', 'missing; expected the result stores to merge');
  const outPath = stringOption('out', a['out']);
  if (outPath === undefined) throw new InputError('command line', '--out', 'missing; expected the merged store to write');
  // Every input is opened and read through (each row checked) before the output is created, so a
  // bad store among them writes nothing and prints nothing but its one line.
  for (const path of inputs) {
    const s = ResultStore.openReadOnly(path);
    try {
      s.query();
    } finally {
      s.close();
    }
  }
  const out = ResultStore.createAt(outPath);
  try {
    const lines: string[] = [];
    for (const path of inputs) {
      const s = ResultStore.openReadOnly(path);
      try {
        lines.push(`${path}: ${out.mergeFrom(s)} point(s) added\n`);
      } finally {
        s.close();
      }
    }
    const specFile = stringOption('spec', a['spec']);
    if (specFile !== undefined) {
      const { spec, baseRaw } = loadSweep(specFile);
      if (spec.sampler.type === 'nsga2') throw new InputError('command line', '--spec', 'expected a grid, random or lhs sweep (an nsga2 sweep has no fixed list of points)');
      const missing: string[] = [];
      let expected = 0;
      for (const p of distinctSweepPoints(spec, baseRaw)) {
        expected++;
        if (!out.get(p.key)) missing.push(`${p.key} ${p.model} ${JSON.stringify(p.params)}`);
      }
      lines.push(`${spec.name}: ${expected - missing.length} of ${expected} point(s) present, ${missing.length} missing\n${missing.map((m) => `missing ${m}\n`).join('')}`);
    }
    const c = out.counts();
    lines.push(`${outPath}: ${Object.entries(c).map(([k, n]) => `${n} ${k}`).join(', ') || 'empty'}\n`);
    io.stdout(lines.join('')); // only once everything succeeded: a failed merge prints its one line alone
  } catch (e) {
    out.discard(); // a failed merge leaves no partial store it created
    throw e;
  }
  out.close();
}
