import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';

const SYSTEM = 'designs/published/tereffic-2x-u280-onchip.yaml';
const CARD = resolve('designs/published/tereffic-u280-onchip-card.yaml');
const dir = mkdtempSync(join(tmpdir(), 'ternsim-system-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a system file naming the on-chip TerEffic card `count` times with `extra` lines. */
function system(name: string, body: string): string {
  const f = join(dir, name);
  writeFileSync(f, `name: ${name}\nkind: system\n${body}`);
  return f;
}

describe('ternsim simulate <system>', () => {
  it('prints the system result as JSON: one entry per device and per link direction', async () => {
    const r = await run(['simulate', SYSTEM, '--model', 'mmfree-370m', '--json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const s = JSON.parse(r.stdout) as { devices: unknown[]; links: { name: string }[]; system: { devices: number } };
    expect(s.system.devices).toBe(2);
    expect(s.devices).toHaveLength(2);
    expect(s.links.map((l) => l.name)).toEqual(['0->1', '1->0']);
  });

  it('refuses a device whose share of the weights does not fit its on-chip memory, naming the device (exit 2)', async () => {
    const f = system('one-card.yaml', `devices:\n  - design: ${CARD}\n`);
    const r = await run(['simulate', f, '--model', 'mmfree-370m']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/one-card\.yaml: devices\[0\]: device0 \(.*tereffic-u280-onchip-card\.yaml\): its share of mmfree-370m does not fit/);
  });

  it('refuses --set on a system instead of ignoring it (one line, exit 2)', async () => {
    const r = await run(['simulate', SYSTEM, '--model', 'mmfree-370m', '--set', 'clock=200 MHz']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('ternsim: command line: --set: expected a device design: a system\'s overrides go in its devices\' files, got "clock=200 MHz"\n');
  });

  it('refuses a device count beyond 1024 before building any device (one line, exit 2)', async () => {
    const one = await run(['simulate', system('huge.yaml', `devices:\n  - { design: ${CARD}, count: 1000000000 }\nlink: { preset: qsfp28-aurora }\n`), '--model', 'mmfree-370m']);
    expect(one.exitCode).toBe(2);
    expect(one.stderr).toMatch(/huge\.yaml: devices\[0\]\.count: expected a positive integer <= 1024, got 1000000000\n$/);
    const sum = await run(['simulate', system('many.yaml', `devices:\n  - { design: ${CARD}, count: 1000 }\n  - { design: ${CARD}, count: 1000 }\nlink: { preset: qsfp28-aurora }\n`), '--model', 'mmfree-370m']);
    expect(sum.exitCode).toBe(2);
    expect(sum.stderr).toMatch(/many\.yaml: devices: expected at most 1024 devices in all, got 2000\n$/);
  });

  it('refuses an unknown link preset and a missing link with one line naming the key (exit 2)', async () => {
    const bad = await run(['simulate', system('bad-link.yaml', `devices:\n  - { design: ${CARD}, count: 2 }\nlink: { preset: qsfp99 }\n`), '--model', 'mmfree-370m']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/bad-link\.yaml: link\.preset: /);
    const none = await run(['simulate', system('no-link.yaml', `devices:\n  - { design: ${CARD}, count: 2 }\n`), '--model', 'mmfree-370m']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/no-link\.yaml: link: expected a link/);
  });
});
