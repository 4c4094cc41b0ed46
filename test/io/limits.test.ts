/**
 * Inputs that are not regular files or whose parse cost grows faster than their size: every
 * command that reads a file refuses a folder, a named pipe and a character device at once (a
 * FIFO or /dev/zero used to hang it), files over their size limit are refused unread, and the
 * largest input a limit lets through is still answered within seconds.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TINY = 'test/fixtures/good/tiny.yaml';

/** A named pipe no one writes: opening it for reading the ordinary way waits for a writer forever. */
const fifo = join(dir, 'pipe.json');
execFileSync('mkfifo', [fifo]);

/** A folder of validation cases holding one link to nothing. */
const cases = join(dir, 'cases');
mkdirSync(cases);
symlinkSync(join(dir, 'nowhere.yaml'), join(cases, 'gone.yaml'));

/** A sweep spec in its own folder whose base design (or model) is the named pipe. */
function specWith(name: string, base: string, model: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  copyFileSync('test/fixtures/sweeps/tiny-base.yaml', join(d, 'tiny-base.yaml'));
  copyFileSync('test/fixtures/bad/config-absurd-layers.json', join(d, 'layers.json'));
  writeFileSync(join(d, 'spec.yaml'), `name: ${name}\nbase: ${base}\nmodels: [${model}]\nparameters: { tau.lanes: { values: [4, 8] } }\n`);
  return join(d, 'spec.yaml');
}

describe('a named pipe, a character device or a folder where a file is expected: exit 2 and one line, at once', () => {
  const never = join(dir, 'never');
  const CASES: [string, string[], string][] = [
    ['a design', ['simulate', fifo, '--model', 'mmfree-370m'], `${fifo}: expected a design file, got a named pipe (FIFO)`],
    ['/dev/zero as a design', ['simulate', '/dev/zero', '--model', 'mmfree-370m'], '/dev/zero: expected a design file, got a character device'],
    ['a model config', ['simulate', TINY, '--model', fifo], `${fifo}: expected a model config, got a named pipe (FIFO)`],
    ['a folder as a model config', ['simulate', TINY, '--model', `${dir}/`], `${dir}/: expected a model config, got a folder`],
    ['an op trace', ['simulate', TINY, '--trace', fifo], `${fifo}: expected a trace file, got a named pipe (FIFO)`],
    ['trace inspect', ['trace', 'inspect', '/dev/zero'], '/dev/zero: expected a trace file, got a character device'],
    ['trace export of a config', ['trace', 'export', '--model', fifo, '--out', join(never, 't.jsonl')], `${fifo}: expected a model config, got a named pipe (FIFO)`],
    ['a DRAM trace', ['dram', 'DDR4-2400', '--trace', fifo], `${fifo}: expected a trace file, got a named pipe (FIFO)`],
    ['/dev/zero as a DRAM trace', ['dram', 'DDR4-2400', '--trace', '/dev/zero'], '/dev/zero: expected a trace file, got a character device'],
    ['a sweep spec', ['sweep', fifo, '--store', join(never, 's.db')], `${fifo}: expected a sweep spec, got a named pipe (FIFO)`],
    ['a sweep base', ['sweep', specWith('base', '../pipe.json', 'mmfree-370m'), '--store', join(never, 's.db')], `${join(dir, 'base', '..', 'pipe.json')}: expected a base design, got a named pipe (FIFO)`],
    ['a sweep model', ['sweep', specWith('model', 'tiny-base.yaml', '../pipe.json'), '--store', join(never, 's.db')], `${join(dir, 'model', '..', 'pipe.json')}: expected a model config, got a named pipe (FIFO)`],
    ['a results file', ['report', fifo, '--out', never], `${fifo}: expected a results file, got a named pipe (FIFO)`],
    ['a store to report', ['report', '/dev/zero.db', '--out', never], '/dev/zero.db: no such result store'],
    ['a store to query', ['results', 'query', '--store', fifo], `${fifo}: expected a result store, got a named pipe (FIFO)`],
    ['a folder as a store to export', ['results', 'export', '--store', dir], `${dir}: expected a result store, got a folder`],
    ['a store to merge', ['results', 'merge', fifo, '--out', join(never, 'm.db')], `${fifo}: expected a result store, got a named pipe (FIFO)`],
    ['a sweep writing into a named pipe', ['sweep', 'test/fixtures/sweeps/tiny-grid.yaml', '--store', fifo], `${fifo}: expected a result store, got a named pipe (FIFO)`],
    ['a design to compare', ['compare', '--designs', fifo, '--models', 'mmfree-370m', '--out', never], `${fifo}: expected a design file, got a named pipe (FIFO)`],
    ['a sweep model of 10^8 layers (its op graph was built: minutes)', ['sweep', specWith('layers', 'tiny-base.yaml', 'layers.json'), '--store', join(never, 's.db')], `${join(dir, 'layers', 'layers.json')}: num_hidden_layers: expected a positive integer <= 10000 (larger models cannot be simulated), got 100000000`],
    ['validation cases', ['validate', '--cases', '/dev/zero'], '/dev/zero: expected a folder of validation cases, got a character device'],
    ['a dangling link among validation cases', ['validate', '--cases', cases], `${join(cases, 'gone.yaml')}: no such validation case`],
  ];
  it.each(CASES)('%s', async (_, argv, line) => {
    const r = await run(argv);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${line}\n` });
  }, 10_000);
});

describe('input size limits', () => {
  it('refuse a 1 GiB trace from its size alone, without reading it', async () => {
    const big = join(dir, 'huge.jsonl');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 2 ** 30); // sparse: no disk used, no bytes read
    const r = await run(['simulate', TINY, '--trace', big]);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${big}: expected a trace file of at most 32 MiB, got 1024 MiB\n` });
  });

  it('refuse a design file over 1 MiB the same way', async () => {
    const big = join(dir, 'huge.yaml');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 2 ** 30);
    const r = await run(['simulate', big, '--model', 'mmfree-370m']);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${big}: expected a design file of at most 1 MiB, got 1024 MiB\n` });
  });
});

describe('inputs whose parse cost grows faster than their size are answered within seconds', () => {
  /** 76,485 keys: as many `kN: N` lines as 1 MiB holds (the yaml package's own duplicate check took minutes on them). */
  const manyKeys = () => {
    let text = '';
    for (let i = 0; text.length + `k${i}: ${i}\n`.length <= 2 ** 20; i++) text += `k${i}: ${i}\n`;
    return text;
  };

  it('a 1 MiB YAML design of 76,485 keys', async () => {
    const f = join(dir, 'keys.yaml');
    writeFileSync(f, manyKeys());
    const t0 = performance.now();
    const r = await run(['simulate', f, '--model', 'mmfree-370m']);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${f}: kind: missing; expected "accelerator"\n` });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('a YAML sweep spec with the same key twice among 50,000, found by one pass', async () => {
    const f = join(dir, 'dup.yaml');
    writeFileSync(f, `${Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk49999: again\n`);
    const t0 = performance.now();
    const r = await run(['sweep', f, '--store', join(dir, 'never', 's.db')]);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${f}: k49999: duplicate key at line 50001; expected each key once\n` });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('a JSON model config of 60,000 keys', async () => {
    const f = join(dir, 'keys-config.json');
    writeFileSync(f, JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, i]))));
    const t0 = performance.now();
    const r = await run(['simulate', TINY, '--model', f]);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${f}: model_type: expected a supported model type ("hgrn_bit", "llama", "bitnet"), got nothing\n` });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('YAML nested 100,000 deep, and a billion-laughs alias bomb', async () => {
    const deep = join(dir, 'deep.yaml');
    writeFileSync(deep, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(await run(['simulate', deep, '--model', 'mmfree-370m'])).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${deep}: malformed YAML at line 1: expected at most 256 levels of nesting\n` });
    const bomb = join(dir, 'bomb.yaml');
    const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`);
    writeFileSync(bomb, `l0: &l0 lol\n${levels.join('\n')}\n`);
    const r = await run(['simulate', bomb, '--model', 'mmfree-370m']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^ternsim: ${bomb}: malformed YAML: Excessive alias count indicates a resource exhaustion attack\\n$`));
  });

  it('a --set value with an alias to no anchor, or an alias bomb: exit 2 naming the override', async () => {
    const r = await run(['simulate', TINY, '--model', 'mmfree-370m', '--set', 'clock=*a']);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${TINY}: clock: --set clock: expected a YAML value (a number, a quoted or plain string, true/false, or a {flow: mapping}) (Unresolved alias (the anchor must be set before the alias): a), got "*a"\n` });
    const bomb = `tau=[&a [x,x,x,x,x,x,x,x,x,x], &b [${Array(10).fill('*a').join(',')}], &c [${Array(10).fill('*b').join(',')}], [${Array(100).fill('*c').join(',')}]]`;
    const b = await run(['simulate', TINY, '--model', 'mmfree-370m', '--set', bomb]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/^ternsim: .*: tau: --set tau: expected a YAML value .*\(Excessive alias count indicates a resource exhaustion attack\), got .*\n$/);
  });

  it('a --set path of 50,000 field names (minutes of path building before) is refused at once', async () => {
    const t0 = performance.now();
    const r = await run(['simulate', TINY, '--model', 'mmfree-370m', '--set', `${'a.'.repeat(50_000)}b=1`]);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${TINY}: a.a.a…: --set: expected a path of at most 32 field names (a design nests a few levels deep), got 50001\n` });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
