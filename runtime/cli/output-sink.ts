/**
 * Where events and status text go in p0f mode: batched stdout (pretty blocks or NDJSON),
 * the `-o` log, and stderr. p0f's stdout is line-buffered; we batch writes instead, and
 * flush stdout before anything goes to stderr so the interleaving seen by `2>&1` is p0f's.
 */
import type { CliIo } from './cli-io.js';
import type { P0fEvent } from '../events/event.js';
import type { LogFile } from '../output/log-file.js';
import { formatLogLine } from '../output/log-line.js';
import { formatNdjson } from '../output/ndjson.js';
import { formatPretty } from '../output/pretty.js';

const STDOUT_BATCH = 64 * 1024;

export class OutputSink {
  private pending: string[] = [];
  private pendingLength = 0;
  log: LogFile | null = null;

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
    /** False in daemon mode: events go to the log and the API only. */
    private readonly eventsToStdout: boolean,
  ) {}

  /** Status text (banner, `[+]` lines) for stdout. */
  out(text: string): void {
    if (text === '') return;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= STDOUT_BATCH) this.flushStdout();
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
    if (this.pendingLength === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.io.write(text);
  }

  /** Flushes stdout and the log; returns the log's OS error code if writing it failed. */
  flush(): string | null {
    this.flushStdout();
    return this.log !== null ? this.log.flush() : null;
  }
}
