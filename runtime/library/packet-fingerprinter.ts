/**
 * Packet-level API: raw frames in (link type, bytes, capture time), p0f events out, through
 * the same BPF filter, decoder, packet processor and host/flow state as `p0f-ts -r`.
 * One fingerprinter per traffic source: state (flows, hosts, uptime, NAT) spans its frames.
 */
import { CaptureFilterSet, runBpf, type BpfProgram, type CaptureFilterError } from '../capture/bpf-filter.js';
import { newCaptureRecord, type CaptureRecord } from '../capture/capture-record.js';
import type { P0fEvent } from '../events/event.js';
import { createPacketProcessor, type PacketProcessor } from '../process/packet-processor.js';
import { resolveFingerprintOptions, type FingerprintOptions, type OptionError, type ResolvedFingerprintOptions } from './fingerprint-options.js';
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
export type FrameOutcome = { readonly kind: 'processed' } | { readonly kind: 'filtered' } | CaptureFilterError;

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

const PROCESSED: FrameOutcome = Object.freeze({ kind: 'processed' });
const FILTERED: FrameOutcome = Object.freeze({ kind: 'filtered' });

/** The decoder has two one-time warnings; after both, stop asking for them per packet. */
const DECODER_WARNING_KINDS = 2;

/** The pipeline shared with fingerprintCapture, which feeds its reader's records directly. */
export class FramePipeline implements PacketFingerprinter {
  private readonly processor: PacketProcessor;
  private readonly filters: CaptureFilterSet | null;
  private readonly warn: (message: string) => void;
  private readonly record: CaptureRecord = newCaptureRecord();
  private lastLinkType = -1;
  private lastProgram: BpfProgram | CaptureFilterError | null = null;
  private passed = 0;
  private decoderWarningsLeft = DECODER_WARNING_KINDS;

  constructor(options: PacketFingerprinterOptions & ResolvedFingerprintOptions, capturePath?: string) {
    this.warn = options.onWarning ?? (() => undefined);
    this.filters = options.captureFilter ? new CaptureFilterSet(options.filter, options.compat, capturePath) : null;
    this.processor = createPacketProcessor({
      matchers: options.signatures.matchers,
      compat: options.compat,
      maxConnections: options.maxConnections,
      maxHosts: options.maxHosts,
      connectionMaxAgeSeconds: options.connectionMaxAgeSeconds,
      hostIdleLimitMinutes: options.hostIdleLimitMinutes,
      readingFile: options.readingFile ?? false,
      emit: options.onEvent,
      warn: this.warn,
    });
  }

  get packets(): number {
    return this.passed;
  }

  /** The filter program for a link type, compiled on first use (a pcapng file may mix link types). */
  filterFor(linkType: number): BpfProgram | CaptureFilterError | null {
    if (this.filters === null) return null;
    if (linkType !== this.lastLinkType) {
      const compiled = this.filters.forLinkType(linkType);
      this.lastLinkType = linkType;
      this.lastProgram = compiled.ok ? compiled.filter.program : compiled.error;
    }
    return this.lastProgram;
  }

  pushRecord(record: CaptureRecord): FrameOutcome {
    const program = this.filterFor(record.linkType);
    if (program !== null) {
      if ('kind' in program) return program;
      if (runBpf(program, record.data, record.originalLength) === 0) return FILTERED;
    }
    this.passed++;
    this.processor.process(record);
    if (this.decoderWarningsLeft > 0) {
      for (const w of this.processor.decoder.takeWarnings()) {
        this.decoderWarningsLeft--;
        this.warn(w.message);
      }
    }
    return PROCESSED;
  }

  push(frame: Frame): FrameOutcome {
    // One reused record, as the capture readers do: no allocation per frame.
    const r = this.record;
    r.data = frame.data;
    r.capturedLength = frame.data.length;
    r.originalLength = frame.wireLength ?? frame.data.length;
    r.seconds = frame.seconds;
    r.microseconds = frame.microseconds ?? 0;
    r.linkType = frame.linkType;
    return this.pushRecord(r);
  }
}

/** Builds a pipeline after checking the options; `capturePath` compiles the filter as libpcap does for that file. */
export function createFramePipeline(
  options: PacketFingerprinterOptions,
  capturePath?: string,
): { ok: true; pipeline: FramePipeline } | { ok: false; error: OptionError } {
  const resolved = resolveFingerprintOptions(options);
  if ('kind' in resolved) return { ok: false, error: resolved };
  return { ok: true, pipeline: new FramePipeline({ ...options, ...resolved }, capturePath) };
}

/**
 * A fingerprinter for frames from any source (a live capture library, a socket, a
 * decoder of another capture format). Invalid options come back as an error value.
 */
export function createPacketFingerprinter(options: PacketFingerprinterOptions): CreatePacketFingerprinterResult {
  const created = createFramePipeline(options);
  return created.ok ? { ok: true, fingerprinter: created.pipeline } : created;
}
