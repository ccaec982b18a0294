/** A CliIo that records what a command printed. */
import type { CliIo } from '../../../runtime/cli/cli-io.js';

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    write: (t) => void out.push(t),
    writeError: (t) => void err.push(t),
    isTty: false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
