/**
 * Reading a whole capture file through a RecordPipeline: the loop behind both `p0f-ts -r`
 * and the library's fingerprintCapture. Callers open the reader, route events and warnings,
 * and render the outcome; this module decides which records are read and when reading ends.
 *
 * Link types (docs/deviations.md D6): by default every record is filtered with its own
 * interface's program, compiled on first use. Under compat, reading ends cleanly where the
 * reader reports libpcap's stop (a pcapng interface block whose link type or snapshot length
 * differs from the first interface's): libpcap fails there and p0f reports the file as done,
 * so nothing after that block counts, not even packets of the first link type, nor damage.
 */
import type { CaptureFilterError } from '../capture/bpf-filter.js';
import { isCaptureError, type CaptureError, type CaptureReader, type CaptureRecord } from '../capture/capture-record.js';
import { RecordPipeline, type RecordPipelineOptions } from './record-pipeline.js';

/** Records per slice; between slices the event loop runs (signals, timers, consumers). */
const SLICE_RECORDS = 8192;

/** Why reading ended early: the file is damaged, or no filter compiles for a later link type. */
export type ReplayFailure = CaptureError | CaptureFilterError;

export type StartReplayResult =
  | { readonly ok: true; readonly replay: CaptureReplay; readonly banner: string | null }
  | { readonly ok: false; readonly error: ReplayFailure };

/** reader.next(), except that under compat anything past libpcap's stop is the end of the file. */
function nextRecord(reader: CaptureReader, compat: boolean): CaptureRecord | null | CaptureError {
  const next = reader.next();
  return compat && (reader.libpcapStop ?? null) !== null ? null : next;
}

/**
 * Reads the first record and compiles the filter for its link type, so that, as in p0f, a
 * bad filter fails before any packet (even in an empty file). pcapng names its link type
 * in an interface block that may follow the header, hence the read. `banner` is p0f's
 * filter line. On failure the reader is closed.
 */
export function startReplay(reader: CaptureReader, options: RecordPipelineOptions): StartReplayResult {
  const first = nextRecord(reader, options.compat);
  if (isCaptureError(first)) {
    reader.close();
    return { ok: false, error: first };
  }
  const linkType = first !== null ? first.linkType : reader.linkType >= 0 ? reader.linkType : 1;
  const pipeline = new RecordPipeline(options);
  const compiled = pipeline.filterFor(linkType);
  if (compiled !== null && !compiled.ok) {
    reader.close();
    return { ok: false, error: compiled.error };
  }
  return { ok: true, replay: new CaptureReplay(reader, pipeline, first, options.compat), banner: compiled?.filter.banner ?? null };
}

export class CaptureReplay {
  private failed: ReplayFailure | null = null;
  private closed = false;

  constructor(
    private readonly reader: CaptureReader,
    private readonly pipeline: RecordPipeline,
    /** The next record to process; a view that stays valid until reader.next() is called. */
    private record: CaptureRecord | null,
    /** End where libpcap ends the file (nextRecord). */
    private readonly compat: boolean,
  ) {}

  /** Records that passed the filter so far (p0f's "Processed N packets"). */
  get packets(): number {
    return this.pipeline.packets;
  }

  /** Set once reading has ended early. */
  get failure(): ReplayFailure | null {
    return this.failed;
  }

  /** Processes up to `limit` records; false once the capture is over (then the reader is closed). */
  step(limit: number): boolean {
    for (let n = 0; n < limit; n++) {
      const record = this.record;
      if (record === null) return this.finish();
      const outcome = this.pipeline.push(record);
      if (outcome.kind === 'filter-error') {
        this.failed = outcome;
        return this.finish();
      }
      const next = nextRecord(this.reader, this.compat);
      if (isCaptureError(next)) {
        this.failed = next;
        return this.finish();
      }
      this.record = next;
    }
    return true;
  }

  /**
   * Reads to the end in slices, resuming after each one: the caller handles what the slice
   * produced, and the event loop gets a turn before the next.
   */
  async *slices(): AsyncGenerator<void, void, undefined> {
    try {
      for (;;) {
        const more = this.step(SLICE_RECORDS);
        yield;
        if (!more) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.close();
    }
  }

  /** Reads to the end (see slices()). */
  async run(): Promise<void> {
    for await (const _slice of this.slices());
  }

  /** Ends reading early (idempotent: a reader's file descriptor must be closed only once). */
  close(): void {
    this.record = null;
    if (this.closed) return;
    this.closed = true;
    this.reader.close();
  }

  private finish(): false {
    this.close();
    return false;
  }
}
