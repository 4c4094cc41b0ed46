import { closeSync, mkdtempSync, openSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('input size limits', () => {
  it('refuse a 1 GiB trace from its size alone, without reading it', async () => {
    const big = join(dir, 'huge.jsonl');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 2 ** 30); // sparse: no disk used, no bytes read
    const r = await run(['simulate', 'test/fixtures/good/tiny.yaml', '--trace', big]);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${big}: expected a trace file of at most 512 MiB, got 1024 MiB\n` });
  });

  it('refuse a 1 GiB design file the same way', async () => {
    const big = join(dir, 'huge.yaml');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 2 ** 30);
    const r = await run(['simulate', big, '--model', 'mmfree-370m']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ternsim: ${big}: expected a design file of at most 512 MiB, got 1024 MiB\n`);
  });
});
