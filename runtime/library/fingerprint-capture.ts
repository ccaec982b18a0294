/**
 * Fingerprinting a whole capture (pcap or pcapng, from a file or from memory): what
 * `p0f-ts -r FILE` does, as an async iterable of typed items instead of printed text.
 * Every problem is an item: the stream always ends with one `end` item, which carries
 * the error, if any, after every event decoded before it.
 */
import type { CaptureFilterError } from '../capture/bpf-filter.js';
import { openCaptureBytes, openCaptureFile } from '../capture/capture-file.js';
import { isCaptureError, type CaptureError } from '../capture/capture-record.js';
import type { P0fEvent } from '../events/event.js';
import type { FingerprintOptions, OptionError } from './fingerprint-options.js';
import { loadSignatures, type DatabaseDiagnostic } from './load-signatures.js';
import { createFramePipeline } from './packet-fingerprinter.js';
import type { Signatures } from './signatures.js';

/** A capture file path, or capture bytes in memory (`name` is used in error messages). */
export type CaptureSource = string | { readonly bytes: Uint8Array; readonly name?: string };

export interface CaptureFingerprintOptions extends FingerprintOptions {
  /** Default: `loadSignatures()`, the database compiled at build time. */
  readonly signatures?: Signatures;
}

/** The default database could not be loaded. */
export interface DatabaseError {
  readonly kind: 'database-error';
  readonly message: string;
  readonly diagnostics: readonly DatabaseDiagnostic[];
}

/**
 * Why a capture stopped early: the file cannot be opened or is damaged (`capture-error`,
 * with byte offset), the filter does not compile, an option is out of range, or there is
 * no database.
 */
export type CaptureProblem = CaptureError | CaptureFilterError | OptionError | DatabaseError;

export type CaptureItem =
  | { readonly kind: 'event'; readonly event: P0fEvent }
  /** p0f's `[!] WARNING` messages, e.g. a link-type detection problem. */
  | { readonly kind: 'warning'; readonly message: string }
  /** Always last. `packets`: records that passed the filter (p0f's "Processed N packets"). */
  | { readonly kind: 'end'; readonly packets: number; readonly error: CaptureProblem | null };

/** Records between yields to the event loop, so a long file does not starve timers and I/O. */
const YIELD_EVERY = 8192;

function endItem(packets: number, error: CaptureProblem | null): CaptureItem {
  return { kind: 'end', packets, error };
}

/**
 * Reads the capture and yields its events in p0f's order. Never throws for bad input;
 * breaking out of the loop closes the file.
 */
export async function* fingerprintCapture(source: CaptureSource, options: CaptureFingerprintOptions = {}): AsyncGenerator<CaptureItem, void, undefined> {
  let signatures = options.signatures;
  if (signatures === undefined) {
    const loaded = await loadSignatures();
    if (!loaded.ok) {
      yield endItem(0, { kind: 'database-error', message: loaded.message, diagnostics: loaded.diagnostics });
      return;
    }
    signatures = loaded.signatures;
  }

  const path = typeof source === 'string' ? source : undefined;
  const opened = typeof source === 'string' ? openCaptureFile(source) : openCaptureBytes(source.bytes, source.name);
  if (!opened.ok) {
    yield endItem(0, opened.error);
    return;
  }
  const reader = opened.reader;
  try {
    const pending: CaptureItem[] = [];
    const created = createFramePipeline(
      {
        ...options,
        signatures,
        readingFile: true,
        onEvent: (event) => pending.push({ kind: 'event', event }),
        onWarning: (message) => pending.push({ kind: 'warning', message }),
      },
      // libpcap compiles a filter for a savefile slightly differently from a live handle.
      path,
    );
    if (!created.ok) {
      yield endItem(0, created.error);
      return;
    }
    const pipeline = created.pipeline;

    let record = reader.next();
    if (!isCaptureError(record)) {
      // As in p0f, a bad filter fails before the first packet (even in an empty file). pcapng
      // names its link type in the first interface block, which the first read has seen.
      const program = pipeline.filterFor(record !== null ? record.linkType : reader.linkType >= 0 ? reader.linkType : 1);
      if (program !== null && 'kind' in program) {
        yield endItem(0, program);
        return;
      }
    }
    let sinceYield = 0;
    while (record !== null && !isCaptureError(record)) {
      const outcome = pipeline.pushRecord(record);
      if (outcome.kind === 'filter-error') {
        yield* pending.splice(0, pending.length);
        yield endItem(pipeline.packets, outcome);
        return;
      }
      if (pending.length > 0) yield* pending.splice(0, pending.length);
      if (++sinceYield === YIELD_EVERY) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      record = reader.next();
    }
    yield endItem(pipeline.packets, isCaptureError(record) ? record : null);
  } finally {
    reader.close();
  }
}
