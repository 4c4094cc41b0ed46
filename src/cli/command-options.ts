/**
 * Option names of the commands whose code loads heavy libraries (SQLite, BullMQ, d3-node), kept
 * here so the CLI can offer "did you mean" hints without loading those modules: a command's
 * module is imported only when that command runs.
 */
export const SWEEP_OPTIONS: readonly string[] = ['store', 'jobs', 'shard', 'progress', 'queue', 'attempts', 'sweep', 'help'];
export const RESULTS_OPTIONS: readonly string[] = ['store', 'where', 'format', 'out', 'objectives', 'spec', 'queue', 'sweep', 'help'];
export const WORKER_OPTIONS: readonly string[] = ['queue', 'concurrency', 'lock-ms', 'stalled-ms', 'help'];
export const REPORT_OPTIONS: readonly string[] = ['out', 'title', 'help'];
export const VALIDATE_OPTIONS: readonly string[] = ['cases', 'json', 'help'];
