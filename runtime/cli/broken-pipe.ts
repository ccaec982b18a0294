/**
 * `p0f-ts -r big.pcap | head`: when the reader of stdout (or stderr) goes away, p0f dies
 * of SIGPIPE at its next write, silently, and the shell reports status 141. Node ignores
 * SIGPIPE and reports EPIPE as a stream error instead, which would surface as an uncaught
 * exception with a stack trace; this ends the process the way p0f ends, but only after
 * the `-o` log has been written out (p0f's log is a buffered stdio stream, whose unwritten
 * tail dies with it).
 */

/** What the shell reports for a process killed by SIGPIPE (128 + 13). */
export const BROKEN_PIPE_EXIT_STATUS = 141;

const beforeExit = new Set<() => void>();
let installed = false;

/** Runs `flush` before a broken pipe ends the process. */
export function flushBeforeBrokenPipeExit(flush: () => void): void {
  beforeExit.add(flush);
}

/** Makes EPIPE on the real stdout or stderr end the process quietly (once per process). */
export function exitQuietlyOnBrokenPipe(): void {
  if (installed) return;
  installed = true;
  const onError = (err: NodeJS.ErrnoException): void => {
    if (err.code !== 'EPIPE') throw err;
    for (const flush of beforeExit) {
      try {
        flush();
      } catch {
        // The exit below is what matters; a log that cannot be written loses its tail.
      }
    }
    process.exit(BROKEN_PIPE_EXIT_STATUS);
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}
