/** The only channel through which commands talk to the terminal; tests pass their own. */
export interface CliIo {
  write(text: string): void;
  writeError(text: string): void;
  /** Whether stdout is a terminal (colour, progress). */
  readonly isTty: boolean;
}

/** Every subcommand module (`compiler/cli/<name>-command.ts`) exports `run` of this type. Returns the exit code. */
export type CommandRunner = (args: readonly string[], io: CliIo) => Promise<number>;

export const processIo: CliIo = {
  write: (text) => void process.stdout.write(text),
  writeError: (text) => void process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
};
