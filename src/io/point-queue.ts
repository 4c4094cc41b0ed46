/**
 * Sweeps beyond one machine: a BullMQ job queue on Redis. `enqueueSweep` puts a sweep's points on
 * the queue (job id = the point's content hash, so enqueueing again adds only what is not there
 * and not done); `startQueueWorker` pulls points, simulates them and writes each row to a Redis
 * hash keyed by the point's hash (idempotent: a point simulated twice writes the same row);
 * `collectResults` copies the rows, and the points that failed every attempt, into a SQLite store.
 * Delivery is at least once: a worker killed mid-point loses its lock and the point returns to
 * the queue after the stalled-job check.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError } from '../design/design-error.js';
import { redactUrl, redactUrls } from '../util/redact-url.js';
import type { SweepPoint } from '../dse/design-point.js';
import { prunedRow, simulatedRow } from '../dse/point-outcome.js';
import { distinctSweepPoints, taskOf, type Evaluate, type SimulationTask } from '../dse/run-sweep.js';
import { specWorkloads } from '../dse/simulate-task.js';
import { storedPoint, type PointStore, type StoredPoint } from '../dse/stored-point.js';
import type { SweepSpec } from '../dse/sweep-spec.js';

/** The queue every sweep's points go on. */
export const QUEUE_NAME = 'ternsim-points';
/** The Redis hash of a sweep's finished rows, by point key. */
export const resultsKey = (sweep: string) => `ternsim:results:${sweep}`;

/** What a job carries: the point, the task to simulate, and the constraints its Result is checked against. */
export interface PointJob {
  sweep: string;
  key: string;
  params: Record<string, unknown>;
  model: string;
  task: SimulationTask;
  constraints: SweepSpec['constraints'];
}

/** Queue timing: a worker's lock on a point lasts `lockMs`; stalled points are looked for every `stalledMs`. */
export interface QueueTiming {
  lockMs: number;
  stalledMs: number;
  /** Attempts before a point that keeps failing goes to the failed set. */
  attempts: number;
}

/** Defaults: a lost worker's point is retried within about 30 s; three attempts. */
export const DEFAULT_QUEUE_TIMING: QueueTiming = { lockMs: 20_000, stalledMs: 10_000, attempts: 3 };

/** Connection options from `redis://[user:password@]host:port[/db]`. */
export function redisConnection(url: string): { host: string; port: number; db: number; username?: string; password?: string; maxRetriesPerRequest: null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('command line', '--queue', `expected a Redis URL like redis://127.0.0.1:6379/0, got ${JSON.stringify(redactUrl(url))}`);
  }
  if (u.protocol !== 'redis:') throw new InputError('command line', '--queue', `expected a redis:// URL, got ${JSON.stringify(redactUrl(url))}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError('command line', '--queue', `expected a database number after the port, got ${JSON.stringify(u.pathname.slice(1))}`);
  return { host: u.hostname || '127.0.0.1', port: u.port ? Number(u.port) : 6379, db, ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}), maxRetriesPerRequest: null };
}

/** Fails fast with a clear message when Redis cannot be reached. */
async function connect(url: string): Promise<Redis> {
  const redis = new Redis({ ...redisConnection(url), lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {
    // Reported by the failing command below.
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new InputError('command line', '--queue', `cannot reach Redis at ${redactUrl(url)} (${redactUrls((e as Error).message)})`);
  }
  return redis;
}

/**
 * The queue, ready: its connection's start-up commands finished (closing a queue before they
 * finish leaves a rejected promise behind), and its connection errors left to the commands that
 * meet them (an unhandled 'error' event would throw).
 */
async function openQueue<T = unknown>(url: string): Promise<Queue<T>> {
  const queue = new Queue<T>(QUEUE_NAME, { connection: redisConnection(url) });
  queue.on('error', () => {});
  await queue.waitUntilReady();
  return queue;
}

/** The stored row of a point, for the ones settled without a job (pruned). */
function pointOf(job: PointJob): SweepPoint {
  return { key: job.key, params: job.params, model: job.model, design: job.task.design, invalid: null };
}

/**
 * Puts a sweep's points on the queue: points already finished (in the results hash, or in
 * `store` when given) or already queued are skipped; points pruned cheaply are written to the
 * results hash at once; the rest become jobs with the point's key as job id. Points go in chunks
 * of 500, each checked against Redis in one round trip.
 */
export async function enqueueSweep(url: string, spec: SweepSpec, baseRaw: Record<string, unknown>, store: PointStore | null, timing: QueueTiming = DEFAULT_QUEUE_TIMING): Promise<{ total: number; enqueued: number; pruned: number; done: number; queued: number }> {
  if (spec.sampler.type === 'nsga2') throw new InputError(spec.file, 'sampler', 'expected a grid, random or lhs sweep on a queue (each nsga2 generation depends on the one before)');
  const redis = await connect(url);
  const queue = await openQueue<PointJob>(url);
  const out = { total: 0, enqueued: 0, pruned: 0, done: 0, queued: 0 };
  const workloadOf = specWorkloads(spec);
  const jobKey = (id: string) => `${queue.opts.prefix ?? 'bull'}:${QUEUE_NAME}:${id}`;
  try {
    let chunk: SweepPoint[] = [];
    const flush = async () => {
      const pipe = redis.pipeline();
      for (const p of chunk) pipe.hexists(resultsKey(spec.name), p.key).exists(jobKey(p.key));
      const answers = (await pipe.exec()) ?? [];
      const jobs: { name: string; data: PointJob; opts: { jobId: string; attempts: number; backoff: { type: 'fixed'; delay: number }; removeOnComplete: true; removeOnFail: false } }[] = [];
      for (const [i, point] of chunk.entries()) {
        if (store?.get(point.key) || answers[2 * i]?.[1] === 1) {
          out.done++;
          continue;
        }
        if (answers[2 * i + 1]?.[1] === 1) {
          out.queued++;
          continue;
        }
        const pruned = prunedRow(spec, point, workloadOf);
        if (pruned !== null) {
          await redis.hset(resultsKey(spec.name), point.key, JSON.stringify(pruned));
          out.pruned++;
          continue;
        }
        jobs.push({ name: 'point', data: { sweep: spec.name, key: point.key, params: point.params, model: point.model, task: taskOf(spec, point), constraints: spec.constraints }, opts: { jobId: point.key, attempts: timing.attempts, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: true, removeOnFail: false } });
      }
      if (jobs.length > 0) await queue.addBulk(jobs);
      out.enqueued += jobs.length;
      chunk = [];
    };
    for (const point of distinctSweepPoints(spec, baseRaw)) {
      out.total++;
      chunk.push(point);
      if (chunk.length >= 500) await flush();
    }
    await flush();
    return out;
  } finally {
    await queue.close();
    await redis.quit();
  }
}

/** A running queue worker. */
export interface QueueWorker {
  /** Finishes the points in hand, then disconnects. */
  close(): Promise<void>;
  /** Points this worker finished. */
  readonly processed: number;
}

/**
 * Pulls points from the queue, `concurrency` at a time, simulating each with `evaluate` (a worker
 * thread pool of that size) and writing its row to the results hash before acknowledging it. A
 * simulation that throws fails the attempt; after the last attempt the point stays in the failed
 * set with its error.
 */
export async function startQueueWorker(url: string, concurrency: number, evaluate: Evaluate, timing: QueueTiming = DEFAULT_QUEUE_TIMING): Promise<QueueWorker> {
  const redis = await connect(url);
  let processed = 0;
  const worker = new Worker<PointJob>(
    QUEUE_NAME,
    async (job: Job<PointJob>) => {
      const d = job.data;
      const row = simulatedRow(d.sweep, d.constraints, pointOf(d), await evaluate(d.task));
      await redis.hset(resultsKey(d.sweep), d.key, JSON.stringify(row));
      processed++;
      return d.key;
    },
    { connection: redisConnection(url), concurrency, lockDuration: timing.lockMs, stalledInterval: timing.stalledMs, maxStalledCount: timing.attempts },
  );
  worker.on('error', () => {
    // Connection hiccups are retried by BullMQ; a lost Redis ends the process through close().
  });
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await redis.quit();
    },
    get processed() {
      return processed;
    },
  };
}

/** Copies a sweep's finished rows and its points that failed every attempt into `store`; returns the counts. */
export async function collectResults(url: string, sweep: string, store: PointStore): Promise<{ rows: number; failed: number }> {
  const redis = await connect(url);
  const queue = await openQueue<PointJob>(url);
  try {
    let rows = 0;
    let cursor = '0';
    do {
      const [next, pairs] = await redis.hscan(resultsKey(sweep), cursor, 'COUNT', 1000);
      cursor = next;
      for (let i = 0; i < pairs.length; i += 2) {
        store.put(queuedRow(pairs[i + 1]!, sweep, pairs[i]!));
        rows++;
      }
    } while (cursor !== '0');
    let failed = 0;
    for (const job of await queue.getFailed()) {
      if (job.data.sweep !== sweep || (await redis.hexists(resultsKey(sweep), job.data.key))) continue;
      store.put(storedPoint(sweep, pointOf(job.data), 'failed', `${job.failedReason} (after ${job.attemptsMade} attempts)`, null));
      failed++;
    }
    return { rows, failed };
  } finally {
    await queue.close();
    await redis.quit();
  }
}

/** A row of the results hash, parsed; a value that is not a stored point's JSON (another program's, or cut short) is an InputError naming the hash and field. */
function queuedRow(text: string, sweep: string, field: string): StoredPoint {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = null;
  }
  const o = v as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || typeof o['key'] !== 'string' || typeof o['status'] !== 'string' || typeof o['params'] !== 'string') {
    throw new InputError('command line', '--queue', `expected the rows of ternsim workers in the Redis hash ${resultsKey(sweep)}, got a value at field ${JSON.stringify(field)} that is not one (${JSON.stringify(text.slice(0, 40))})`);
  }
  return o as unknown as StoredPoint;
}

/** Job counts of the queue and finished rows of `sweep` (when given). */
export async function queueStatus(url: string, sweep?: string): Promise<Record<string, number>> {
  const redis = await connect(url);
  const queue = await openQueue(url);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return { ...counts, ...(sweep ? { finishedRows: await redis.hlen(resultsKey(sweep)) } : {}) };
  } finally {
    await queue.close();
    await redis.quit();
  }
}
