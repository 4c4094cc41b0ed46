/**
 * Checking, before a queue command uses Redis, that the server has the database the URL names.
 * ioredis selects the database when it connects and, when the server refuses (`ERR DB index is
 * out of range`), goes on in database 0: the sweep, its workers and its results would land in a
 * database other than the one asked for, and every command would seem to succeed.
 */
import { Redis } from 'ioredis';
import { InputError } from '../design/design-error.js';
import { redisConnection } from './point-queue.js';

/**
 * Throws an InputError naming `--queue` when the Redis server at `url` refuses to select the
 * URL's database (with the number of databases it has, when CONFIG GET tells). A server that
 * cannot be reached is left to the queue commands, which report it in their own words.
 */
export async function checkRedisDatabase(url: string): Promise<void> {
  const { db, ...conn } = redisConnection(url);
  if (db === 0) return;
  const redis = new Redis({ ...conn, db: 0, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {
    // Reported by the failing command below.
  });
  try {
    try {
      await redis.connect();
    } catch {
      return;
    }
    try {
      await redis.select(db);
    } catch (e) {
      const message = (e as Error).message.split('\n')[0]!;
      if (!/DB index|invalid DB|out of range/i.test(message)) return;
      let count: number | null = null;
      try {
        const answer = (await redis.call('CONFIG', 'GET', 'databases')) as string[];
        count = answer.length >= 2 ? Number(answer[1]) : null;
      } catch {
        // CONFIG may be renamed or forbidden: the message goes without the count.
      }
      const has = count !== null && Number.isInteger(count) ? ` (it has databases 0 to ${count - 1})` : '';
      throw new InputError('command line', '--queue', `expected a database the Redis server at ${conn.host}:${conn.port} has${has}, got database ${db} (${message})`);
    }
  } finally {
    redis.disconnect();
  }
}
