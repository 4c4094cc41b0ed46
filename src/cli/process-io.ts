import type { CliIO } from './cli-io.js';

/**
 * Writes to one of the process's streams, treating EPIPE as the reader being done: `ternsim … |
 * head` ends quietly with the command's own exit code (0), no stack and no message; what is
 * written after the reader went away is dropped (docs/output-safety.md). Any other stream error
 * is left to surface.
 */
function guarded(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  let listening = false;
  return (text) => {
    if (closed) return;
    if (!listening) {
      listening = true;
      stream.on('error', (e: NodeJS.ErrnoException) => {
        // A write queued before the EPIPE was seen may report the stream destroyed: the same event.
        if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
        closed = true;
      });
    }
    stream.write(text);
  };
}

/** The process's own stdout and stderr, EPIPE on either ending output quietly. */
export const processIO: CliIO = {
  stdout: guarded(process.stdout),
  stderr: guarded(process.stderr),
};
