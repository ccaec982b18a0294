/**
 * Fingerprinting a whole capture (pcap or pcapng, from a file or from memory): what
 * `p0f-ts -r FILE` does, as an async iterable of typed items instead of printed text.
 * Every problem is an item: the stream always ends with one `end` item, which carries
 * the error, if any, after every event decoded before it.
 */
import type { CaptureFilterError } from '../capture/bpf-filter.js';
import { openCaptureBytes, openCaptureFile } from '../capture/capture-file.js';
import type { CaptureError } from '../capture/capture-record.js';
import type { P0fEvent } from '../events/event.js';
import type { FingerprintOptions, OptionError } from './fingerprint-options.js';
import { loadSignatures, type DatabaseDiagnostic } from './load-signatures.js';
import { startReplay } from '../process/capture-replay.js';
import { pipelineOptions } from './packet-fingerprinter.js';
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

function endItem(packets: number, error: CaptureProblem | null): CaptureItem {
  return { kind: 'end', packets, error };
}

/**
 * Reads the capture and yields its events in p0f's order. Never throws for bad input;
 * breaking out of the loop closes the file.
 *
 * The loop is the command line's own (runtime/process/capture-replay.ts), so a pcapng file
 * that mixes link types (docs/deviations.md D6) is read as `p0f-ts -r` reads it: by default
 * every packet is filtered and decoded with its own interface's link type, and a filter that
 * does not compile for a later link type ends the stream with that `filter-error`; with
 * `compat: true`, reading ends cleanly (no error, like p0f 3.09b) at the first packet of an
 * interface whose link type differs from the first interface's.
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

  const opened = typeof source === 'string' ? openCaptureFile(source) : openCaptureBytes(source.bytes, source.name);
  if (!opened.ok) {
    yield endItem(0, opened.error);
    return;
  }
  const pending: CaptureItem[] = [];
  const settings = pipelineOptions({
    ...options,
    signatures,
    readingFile: true,
    onEvent: (event) => pending.push({ kind: 'event', event }),
    onWarning: (message) => pending.push({ kind: 'warning', message }),
  });
  if ('kind' in settings) {
    opened.reader.close();
    yield endItem(0, settings);
    return;
  }
  // libpcap compiles a filter for a savefile slightly differently from a live handle.
  const started = startReplay(opened.reader, typeof source === 'string' ? { ...settings, capturePath: source } : settings);
  if (!started.ok) {
    yield endItem(0, started.error);
    return;
  }
  const replay = started.replay;
  try {
    for await (const _slice of replay.slices()) {
      if (pending.length > 0) yield* pending.splice(0, pending.length);
    }
    yield endItem(replay.packets, replay.failure);
  } finally {
    replay.close();
  }
}
