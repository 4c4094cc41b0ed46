/**
 * A problem with a user's input: names the file, the key path inside it and what was expected.
 * The CLI prints `message` alone and exits with code 2; nothing else is shown.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly keyPath: string,
    readonly expected: string,
  ) {
    super(`${file}${keyPath ? `: ${keyPath}` : ''}: ${expected}`);
    this.name = 'InputError';
  }
}
