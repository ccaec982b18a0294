/**
 * Where events and status text go in p0f mode: batched stdout (pretty blocks or NDJSON),
 * the `-o` log, and stderr. p0f's stdout is line-buffered; we batch writes instead, and
 * flush stdout before anything goes to stderr so the interleaving seen by `2>&1` is p0f's.
 */
import { flushBeforeBrokenPipeExit } from './broken-pipe.js';
import { processIo, type CliIo } from './cli-io.js';
import type { P0fEvent } from '../events/event.js';
import type { LogFile } from '../output/log-file.js';
import { formatLogLine } from '../output/log-line.js';
import { formatNdjson } from '../output/ndjson.js';
import { formatPretty } from '../output/pretty.js';

const STDOUT_BATCH = 64 * 1024;

/** Writes stdout bytes directly (the real process); tests leave it out and get latin1 strings through CliIo. */
export type RawStdout = (bytes: Uint8Array) => void;

export class OutputSink {
  private buffer = Buffer.allocUnsafe(STDOUT_BATCH);
  private used = 0;
  private readonly rawStdout: RawStdout | null;
  log: LogFile | null = null;

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
    /** False in daemon mode: events go to the log and the API only. */
    private readonly eventsToStdout: boolean,
    rawStdout: RawStdout | null = null,
  ) {
    // The real process writes bytes: a string would be re-encoded as UTF-8.
    this.rawStdout = rawStdout ?? (io === processIo ? (bytes) => void process.stdout.write(bytes) : null);
    if (io === processIo) flushBeforeBrokenPipeExit(() => void this.log?.flush());
  }

  /**
   * Text for stdout (status lines, event blocks), kept as latin1 bytes: each character of an
   * event string is one byte of the packet or database, so this reproduces p0f's output.
   */
  out(text: string): void {
    if (text === '') return;
    if (this.used + text.length > this.buffer.length) {
      this.flushStdout();
      if (text.length > this.buffer.length) {
        this.writeStdout(Buffer.from(text, 'latin1'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'latin1');
  }

  err(text: string): void {
    this.flushStdout();
    this.io.writeError(text);
  }

  readonly emit = (event: P0fEvent): void => {
    if (this.eventsToStdout) this.out(this.json ? formatNdjson(event) : formatPretty(event));
    if (this.log !== null) this.log.append(formatLogLine(event));
  };

  flushStdout(): void {
    if (this.used === 0) return;
    const full = this.buffer.subarray(0, this.used);
    // The stream may still hold the bytes, so the batch is handed over and a new one
    // started; copying it instead cost a tenth of a replay's time (Buffer.from copies a
    // Buffer byte by byte).
    this.buffer = Buffer.allocUnsafe(STDOUT_BATCH);
    this.used = 0;
    this.writeStdout(full);
  }

  private writeStdout(bytes: Buffer): void {
    if (this.rawStdout !== null) this.rawStdout(bytes);
    else this.io.write(bytes.toString('latin1'));
  }

  /** Flushes stdout and the log; returns the log's OS error code if writing it failed. */
  flush(): string | null {
    this.flushStdout();
    return this.log !== null ? this.log.flush() : null;
  }
}
