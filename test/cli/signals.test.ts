import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Runs the built CLI (test/global-setup.ts builds it), sends `signal` after `ms`, resolves with the exit. */
function interrupted(args: string[], signal: NodeJS.Signals, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn('node', ['dist/src/cli/main.js', ...args], { stdio: 'ignore' });
  setTimeout(() => child.kill(signal), ms);
  return new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
}

const dir = mkdtempSync(join(tmpdir(), 'ternsim-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `d`, relative. */
const filesUnder = (d: string): string[] => (existsSync(d) ? readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)) : []);

describe('interrupted by a signal', () => {
  it('simulate --out leaves no output file and no temporary file', async () => {
    const out = join(dir, 'sim', 'r.json');
    const r = await interrupted(['simulate', 'designs/fpga/u280-hbm-stream.yaml', '--model', 'mmfree-2.7b', '--mode', 'cycle', '--out', out], 'SIGTERM', 700);
    expect(r.signal).toBe('SIGTERM');
    expect(filesUnder(join(dir, 'sim'))).toEqual([]);
  });

  it('compare (a report) leaves only whole files: each JSON parses, no temporary file, index.html only if complete', async () => {
    const out = join(dir, 'report');
    const r = await interrupted(['compare', '--designs', 'designs/fpga/d5005-stream.yaml', 'designs/asic/asic-28nm-hbm2.yaml', '--out', out], 'SIGINT', 1500);
    expect(r.signal === 'SIGINT' || r.code === 0).toBe(true);
    const files = filesUnder(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.json'))) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
    for (const f of files.filter((x) => x.endsWith('index.html'))) expect(readFileSync(f, 'utf8').trimEnd().endsWith('</html>')).toBe(true);
  });
});
