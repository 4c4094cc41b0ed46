/** Where a command writes: text goes out as given (lines end in \n). */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A parsed command, run with the CLI's io once parsing succeeded. */
export type CliAction = (io: CliIO) => void | Promise<void>;
