/**
 * Packet-level API: raw frames in (link type, bytes, capture time), p0f events out, through
 * the same BPF filter, decoder, packet processor and host/flow state as `p0f-ts -r`.
 * One fingerprinter per traffic source: state (flows, hosts, uptime, NAT) spans its frames.
 */
import { newCaptureRecord, type CaptureRecord } from '../capture/capture-record.js';
import type { P0fEvent } from '../events/event.js';
import { RecordPipeline, type RecordOutcome, type RecordPipelineOptions } from '../process/record-pipeline.js';
import { resolveFingerprintOptions, type FingerprintOptions, type OptionError } from './fingerprint-options.js';
import type { Signatures } from './signatures.js';

/** One captured frame. */
export interface Frame {
  /** The capture's LINKTYPE_* value: 1 Ethernet, 101 raw IP, 113 Linux cooked, 276 SLL2… */
  readonly linkType: number;
  /** The captured bytes, from the link-layer header on. Only read during push(). */
  readonly data: Uint8Array;
  /** Capture time: seconds since the epoch… */
  readonly seconds: number;
  /** …and microseconds (default 0). */
  readonly microseconds?: number;
  /** Length on the wire when the capture was cut short (default data.length). */
  readonly wireLength?: number;
}

/** What push() did with a frame; `filter-error` when p0f's filter cannot be compiled for the frame's link type. */
export type FrameOutcome = RecordOutcome;

export interface PacketFingerprinterOptions extends FingerprintOptions {
  readonly signatures: Signatures;
  /** Called synchronously, during push(), for every event in p0f's order. */
  readonly onEvent: (event: P0fEvent) => void;
  /** p0f's `[!] WARNING` messages (without the prefix). */
  readonly onWarning?: (message: string) => void;
  /** Behave as p0f does with `-r`: no "too many connections/hosts" warnings. Default false. */
  readonly readingFile?: boolean;
}

export interface PacketFingerprinter {
  push(frame: Frame): FrameOutcome;
  /** Frames that passed the filter (p0f's "Processed N packets"). */
  readonly packets: number;
}

export type CreatePacketFingerprinterResult =
  | { readonly ok: true; readonly fingerprinter: PacketFingerprinter }
  | { readonly ok: false; readonly error: OptionError };

/** Frames in, through the pipeline `p0f-ts -r` uses; one reused record, as the capture readers do. */
class FrameFingerprinter implements PacketFingerprinter {
  private readonly record: CaptureRecord = newCaptureRecord();

  constructor(private readonly pipeline: RecordPipeline) {}

  get packets(): number {
    return this.pipeline.packets;
  }

  push(frame: Frame): FrameOutcome {
    const r = this.record;
    r.data = frame.data;
    r.capturedLength = frame.data.length;
    r.originalLength = frame.wireLength ?? frame.data.length;
    r.seconds = frame.seconds;
    r.microseconds = frame.microseconds ?? 0;
    r.linkType = frame.linkType;
    return this.pipeline.push(r);
  }
}

/** The pipeline's settings from the library's options, after checking them against p0f's ranges. */
export function pipelineOptions(options: PacketFingerprinterOptions): RecordPipelineOptions | OptionError {
  const resolved = resolveFingerprintOptions(options);
  if ('kind' in resolved) return resolved;
  return {
    ...resolved,
    matchers: options.signatures.matchers,
    readingFile: options.readingFile ?? false,
    emit: options.onEvent,
    warn: options.onWarning ?? (() => undefined),
  };
}

/**
 * A fingerprinter for frames from any source (a live capture library, a socket, a
 * decoder of another capture format). Invalid options come back as an error value.
 * Frames may mix link types, with or without `compat`: each is filtered with a program
 * compiled for its own link type (nothing here is a savefile that libpcap would stop).
 */
export function createPacketFingerprinter(options: PacketFingerprinterOptions): CreatePacketFingerprinterResult {
  const settings = pipelineOptions(options);
  if ('kind' in settings) return { ok: false, error: settings };
  return { ok: true, fingerprinter: new FrameFingerprinter(new RecordPipeline(settings)) };
}
