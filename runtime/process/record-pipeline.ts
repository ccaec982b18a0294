/**
 * One traffic source's records through p0f's BPF filter into a packet processor: the
 * per-record step shared by `-r`, the library's fingerprintCapture and its packet
 * fingerprinter. A filter is compiled per link type on first use (a pcapng file may mix
 * them, docs/deviations.md D6); the last one is kept at hand, so a record costs no lookup
 * and no allocation.
 */
import { CaptureFilterSet, runBpf, type BpfProgram, type CaptureFilterError, type CompileFilterResult } from '../capture/bpf-filter.js';
import type { CaptureRecord } from '../capture/capture-record.js';
import { createPacketProcessor, type PacketProcessor, type PacketProcessorOptions } from './packet-processor.js';

export interface RecordPipelineOptions extends PacketProcessorOptions {
  /** p0f's `'filter rule'`, ANDed with its own TCP filter. */
  readonly filter: string | null;
  /** false: no BPF filter at all, every record goes to the decoder (frames filtered upstream). */
  readonly captureFilter: boolean;
  /** The capture file being read: libpcap compiles a savefile's filter slightly differently. */
  readonly capturePath?: string;
}

/** What happened to one record; `filter-error` when no filter compiles for its link type. */
export type RecordOutcome = { readonly kind: 'processed' } | { readonly kind: 'filtered' } | CaptureFilterError;

const PROCESSED: RecordOutcome = Object.freeze({ kind: 'processed' });
const FILTERED: RecordOutcome = Object.freeze({ kind: 'filtered' });

/** The decoder has two one-time warnings; after both, stop asking for them per packet. */
const DECODER_WARNING_KINDS = 2;

export class RecordPipeline {
  private readonly processor: PacketProcessor;
  private readonly filters: CaptureFilterSet | null;
  private readonly warn: (message: string) => void;
  private lastLinkType = -1;
  private lastProgram: BpfProgram | CaptureFilterError | null = null;
  private passed = 0;
  private decoderWarningsLeft = DECODER_WARNING_KINDS;

  constructor(options: RecordPipelineOptions) {
    this.warn = options.warn;
    this.filters = options.captureFilter ? new CaptureFilterSet(options.filter, options.compat, options.capturePath) : null;
    this.processor = createPacketProcessor(options);
  }

  /** Records that passed the filter (p0f's "Processed N packets"). */
  get packets(): number {
    return this.passed;
  }

  /** The filter for a link type (compiled once), or null when filtering is off. */
  filterFor(linkType: number): CompileFilterResult | null {
    return this.filters === null ? null : this.filters.forLinkType(linkType);
  }

  push(record: CaptureRecord): RecordOutcome {
    if (this.filters !== null) {
      if (record.linkType !== this.lastLinkType) {
        const compiled = this.filters.forLinkType(record.linkType);
        this.lastLinkType = record.linkType;
        this.lastProgram = compiled.ok ? compiled.filter.program : compiled.error;
      }
      const program = this.lastProgram as BpfProgram | CaptureFilterError;
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
}
