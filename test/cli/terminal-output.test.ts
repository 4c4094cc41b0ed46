import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { terminalText } from '../../src/cli/terminal-text.js';
import { redactUrls } from '../../src/util/redact-url.js';

const ESC = '\u001b';
const DESIGN = 'test/fixtures/sweeps/tiny-base.yaml';
const MODEL = 'test/fixtures/sweeps/tiny-model.json';

describe('terminalText', () => {
  it('shows every control character as its JSON escape, keeping tab and line feed', () => {
    expect(terminalText(`a${ESC}[31mb\u009b2J\u0007\r\u202etxt\u2066\u007f\n\tc`)).toBe('a\\u001b[31mb\\u009b2J\\u0007\\u000d\\u202etxt\\u2066\\u007f\n\tc');
    expect(terminalText('plain µ text — ok\n')).toBe('plain µ text — ok\n');
  });

  it('leaves JSON the same JSON (it holds no raw control character outside a string)', () => {
    const value = { name: `x${ESC}]0;title\u0007\u009b\u202e`, n: [1, 2] };
    expect(JSON.parse(terminalText(JSON.stringify(value, null, 2)))).toEqual(value);
  });
});

describe('redactUrls', () => {
  it('hides the password of a URL, or its only name before the @, and nothing else', () => {
    expect(redactUrls('cannot reach Redis at redis://user:s3cret@10.0.0.1:6379/0 (ECONNREFUSED)')).toBe('cannot reach Redis at redis://user:***@10.0.0.1:6379/0 (ECONNREFUSED)');
    expect(redactUrls('redis://:s3cret@host/1')).toBe('redis://:***@host/1');
    expect(redactUrls('rediss://s3cret@host')).toBe('rediss://***@host');
    expect(redactUrls('"redis://u:p@ss@host:1/0"')).toBe('"redis://u:***@host:1/0"');
    expect(redactUrls('redis://127.0.0.1:6379/0 and mail me@example.org')).toBe('redis://127.0.0.1:6379/0 and mail me@example.org');
  });
});

describe('what the CLI prints', () => {
  it('a design name with ANSI escapes is shown as escapes in the result, never sent to the terminal', async () => {
    const r = await run(['simulate', DESIGN, '--model', MODEL, '--set', `name=evil${ESC}[31m${ESC}]0;pwned\u0007\u009b2J`]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(r.stdout.split('\n')[0]).toMatch(/^evil\\u001b\[31m\\u001b\]0;pwned\\u0007\\u009b2J \(asic\)/);
  });

  it('a file path with ANSI escapes in an error: one line, escapes shown', async () => {
    const r = await run(['simulate', `no${ESC}[2J${ESC}[Hpe.yaml`, '--model', MODEL]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('ternsim: no\\u001b[2J\\u001b[Hpe.yaml: no such design file\n');
  });

  it('--json output stays the same JSON', async () => {
    const name = `evil${ESC}[31m\u009b`;
    const r = await run(['simulate', DESIGN, '--model', MODEL, '--set', `name=${name}`, '--json']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/[\u001b\u009b]/);
    expect((JSON.parse(r.stdout) as { design: { name: string } }).design.name).toBe(name);
  });

  it('a Redis password never appears in a message: unreachable, malformed, wrong scheme', async () => {
    const unreachable = await run(['sweep', 'status', '--queue', 'redis://user:s3cret@127.0.0.1:1/0']);
    expect(unreachable.exitCode).toBe(2);
    expect(unreachable.stderr).toMatch(/^ternsim: command line: --queue: cannot reach Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1\/0 \(/);
    const malformed = await run(['sweep', 'status', '--queue', 'redis://user:s3 cret@host:1/0']);
    expect(malformed.exitCode).toBe(2);
    const scheme = await run(['worker', '--queue', 'http://user:s3cret@host:1/0']);
    expect(scheme.exitCode).toBe(2);
    expect(scheme.stderr).toBe('ternsim: command line: --queue: expected a redis:// URL, got "http://user:***@host:1/0"\n');
    for (const r of [unreachable, malformed, scheme]) {
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr + r.stdout).not.toContain('s3');
    }
  });
});
