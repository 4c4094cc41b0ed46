/**
 * The fuzz server: a child process (forked by test/fuzz/runner.ts) that runs fuzz cases in-process,
 * one at a time, as they arrive over the IPC channel, and answers each with its outcome. A case that
 * hangs (a FIFO read, an endless simulation) is the runner's to time out: it kills this process and
 * forks a new one. argv[2] is the folder of the template files (made on first start).
 */
import { executeCase, makeTemplates, warmUp } from '../../test/fuzz/execute.js';
import type { FuzzCase } from '../../test/fuzz/case.js';

const templates = await makeTemplates(process.argv[2]!);
await warmUp(process.argv[2]!, templates);

process.on('message', (m: { id: number; case: FuzzCase; dir: string }) => {
  void executeCase(m.case, m.dir, templates).then(
    (outcome) => process.send!({ id: m.id, outcome }),
    (e: unknown) => process.send!({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
process.send!({ ready: true });
