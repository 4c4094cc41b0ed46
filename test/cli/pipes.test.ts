import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Runs the built CLI (test/global-setup.ts builds it) with its stdout a pipe whose reader closes
 * before the CLI writes (as `ternsim … | head` does once head has its lines); resolves with the
 * exit code and what it wrote to stderr.
 */
function intoClosedPipe(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn('node', ['dist/src/cli/main.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('ternsim … | head (the reader goes away: EPIPE)', () => {
  it('models ends quietly: exit 0, nothing on stderr', async () => {
    expect(await intoClosedPipe(['models'])).toEqual({ code: 0, signal: null, stderr: '' });
  });

  it('stderr into a closed pipe (2>&1 | head): the command\'s own exit code, no crash', async () => {
    const child = spawn('node', ['dist/src/cli/main.js', 'simulate', 'no-such-design.yaml', '--model', 'mmfree-370m'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(2);
  });

  it('--out /dev/stdout (written through the pipe, not replaced) ends quietly too', async () => {
    expect(await intoClosedPipe(['trace', 'rwkv-paper-block', '--d', '4096', '--out', '/dev/stdout'])).toEqual({ code: 0, signal: null, stderr: '' });
  });

  it('--out /dev/stdout with a reader writes the whole file to the pipe', async () => {
    const child = spawn('node', ['dist/src/cli/main.js', 'trace', 'rwkv-paper-block', '--out', '/dev/stdout'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(29);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });
});
