/** Where a command writes: text goes out as given (lines end in \n). */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A parsed command, run with the CLI's io once parsing succeeded; a number it returns is the exit code. */
export type CliAction = (io: CliIO) => void | number | Promise<void | number>;
