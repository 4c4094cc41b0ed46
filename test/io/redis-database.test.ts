import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { checkRedisDatabase } from '../../src/io/redis-database.js';

/**
 * A stand-in for a Redis server with 16 databases (a real one answers SELECT 16 with the same
 * error), speaking just enough RESP for the check: SELECT and CONFIG GET databases. It records the
 * commands it got, to show that the check reads and writes nothing else.
 */
const commands: string[][] = [];
let server: Server;
let port = 0;
/** The commands the server got, less the client's own introduction (CLIENT SETINFO). */
const sent = () => commands.filter((c) => c[0]?.toLowerCase() !== 'client').map((c) => c.join(' '));

function answer(cmd: string[]): string {
  const [name, ...args] = cmd;
  if (name?.toUpperCase() === 'SELECT') return Number(args[0]) < 16 ? '+OK\r\n' : '-ERR DB index is out of range\r\n';
  if (name?.toUpperCase() === 'CONFIG') return '*2\r\n$9\r\ndatabases\r\n$2\r\n16\r\n';
  return '+OK\r\n';
}

/** Splits RESP arrays of bulk strings (what clients send) off `buf`; returns the rest. */
function serve(socket: Socket): void {
  let buf = '';
  socket.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    for (;;) {
      const m = /^\*(\d+)\r\n/.exec(buf);
      if (!m) return;
      let at = m[0].length;
      const cmd: string[] = [];
      for (let i = 0; i < Number(m[1]); i++) {
        const b = /^\$(\d+)\r\n/.exec(buf.slice(at));
        if (!b || buf.length < at + b[0].length + Number(b[1]) + 2) return;
        at += b[0].length;
        cmd.push(buf.slice(at, at + Number(b[1])));
        at += Number(b[1]) + 2;
      }
      buf = buf.slice(at);
      commands.push(cmd);
      socket.write(answer(cmd));
    }
  });
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('a Redis URL whose database the server lacks', () => {
  it('is refused naming the server and the databases it has, having only selected and asked', async () => {
    commands.length = 0;
    await expect(checkRedisDatabase(`redis://127.0.0.1:${port}/16`)).rejects.toThrow(`command line: --queue: expected a database the Redis server at 127.0.0.1:${port} has (it has databases 0 to 15), got database 16 (ERR DB index is out of range)`);
    expect(sent()).toEqual(['select 16', 'CONFIG GET databases']);
  });

  it('passes a database the server has, and database 0 without asking', async () => {
    commands.length = 0;
    await checkRedisDatabase(`redis://127.0.0.1:${port}/15`);
    await checkRedisDatabase(`redis://127.0.0.1:${port}`);
    expect(sent()).toEqual(['select 15']);
  });

  it('stops every queue command with exit 2 before it enqueues, works, collects or counts', async () => {
    const url = `redis://127.0.0.1:${port}/99`;
    const line = `ternsim: command line: --queue: expected a database the Redis server at 127.0.0.1:${port} has (it has databases 0 to 15), got database 99 (ERR DB index is out of range)\n`;
    for (const argv of [
      ['sweep', 'test/fixtures/sweeps/tiny-grid.yaml', '--queue', url],
      ['sweep', 'status', '--queue', url],
      ['worker', '--queue', url, '--concurrency', '1'],
      ['results', 'collect', '--queue', url, '--sweep', 'tiny-grid', '--store', '/nonexistent/never.db'],
    ]) {
      expect(await run(argv)).toEqual({ exitCode: 2, stdout: '', stderr: line });
    }
  });

  it('results collect from a Redis it cannot reach leaves no store behind', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const closed = (free.address() as { port: number }).port;
    await new Promise((r) => free.close(r));
    const store = join(tmpdir(), `ternsim-collect-${process.pid}.db`);
    const r = await run(['results', 'collect', '--queue', `redis://127.0.0.1:${closed}/0`, '--sweep', 'x', '--store', store]);
    expect(r.exitCode).toBe(2);
    expect(existsSync(store)).toBe(false);
  });
});
