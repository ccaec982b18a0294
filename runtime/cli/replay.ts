/**
 * `-r FILE`: p0f's offline mode. Opens the capture, applies p0f's BPF filter, feeds each
 * passing record to the packet processor and routes its events to the sink. A damaged
 * capture keeps everything decoded before the damage, then ends with a clear error naming
 * the file and byte offset and exit status 1 (p0f 3.09b stops silently with status 0).
 */
import { accessSync, constants } from 'node:fs';
import { compileCaptureFilter, runBpf, type BpfProgram } from '../capture/bpf-filter.js';
import { openCaptureFile } from '../capture/capture-file.js';
import { formatCaptureError, isCaptureError, type CaptureReader, type CaptureRecord } from '../capture/capture-record.js';
import { lockLogFile } from '../process-control/log-lock.js';
import { createPacketProcessor, type ProcessorMatchers } from '../process/packet-processor.js';
import { openLogFile } from '../output/log-file.js';
import { formatFatal, formatSystemError, formatWarning, statusLine, strerror } from '../output/status-lines.js';
import type { OutputSink } from './output-sink.js';
import type { P0fOptions } from './p0f-flags.js';

export interface ReplayInput {
  readonly options: P0fOptions;
  readonly file: string;
  readonly matchers: ProcessorMatchers;
  readonly sink: OutputSink;
  /** Where `[+]` status lines go (stdout, or stderr with --json). */
  readonly status: (text: string) => void;
  /** Handle SIGINT/SIGTERM/SIGHUP as p0f does (only for a real process, never in a test runner). */
  readonly handleSignals: boolean;
}

/** Records between yields to the event loop, so signal handlers get to run during a long file. */
const YIELD_EVERY = 8192;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export async function runReplay(input: ReplayInput): Promise<number> {
  const { options, file, sink, status } = input;
  try {
    accessSync(file, constants.R_OK);
  } catch (err) {
    sink.err(formatSystemError(`Can't access file '${file}'.`, strerror(errnoCode(err)), { func: 'prepare_pcap', file: 'p0f.c', line: 472 }));
    return 1;
  }
  status(statusLine.readingFile(file));
  const opened = openCaptureFile(file);
  if (!opened.ok) {
    sink.err(formatFatal(`pcap_open_offline: ${formatCaptureError(opened.error)}`, { func: 'prepare_pcap', file: 'p0f.c', line: 476 }));
    return 1;
  }
  const reader = opened.reader;
  // pcapng names its link type in the first interface block, which may follow the header;
  // read the first record now so the filter is compiled for the right link type.
  const first = reader.next();
  if (isCaptureError(first)) {
    reader.close();
    sink.err(formatFatal(`pcap_open_offline: ${formatCaptureError(first)}`, { func: 'prepare_pcap', file: 'p0f.c', line: 476 }));
    return 1;
  }
  const linkType = first !== null ? first.linkType : reader.linkType >= 0 ? reader.linkType : 1;
  const compiled = compileCaptureFilter(linkType, options.filter, options.compat, file);
  if (!compiled.ok) {
    reader.close();
    sink.err(`[-] pcap_compile: ${compiled.error.pcapMessage}\n`);
    sink.err(formatFatal(compiled.error.message, options.filter === null ? null : { func: 'prepare_bpf', file: 'p0f.c', line: 595 }));
    return 1;
  }
  status(compiled.filter.banner + '\n');
  let releaseLock = (): void => undefined;
  if (options.logFile !== null) {
    const log = openLogFile(options.logFile);
    if (!log.ok) {
      reader.close();
      const e = log.error;
      sink.err(e.kind === 'system' ? formatSystemError(e.message, strerror(e.code), e.location) : formatFatal(e.message, e.location));
      return 1;
    }
    // p0f's flock(), taken through util-linux flock(1) (see process-control/log-lock.ts).
    const lock = lockLogFile(options.logFile);
    if (lock.kind === 'busy') {
      reader.close();
      log.log.close();
      sink.err(formatFatal(lock.message, { func: 'open_log', file: 'p0f.c', line: 243 }));
      return 1;
    }
    if (lock.kind === 'locked') releaseLock = lock.release;
    sink.log = log.log;
    status(statusLine.logOpened(options.logFile));
  }
  status(statusLine.processingFile());
  try {
    return await replayRecords(input, reader, first, compiled.filter.program);
  } finally {
    sink.log?.close();
    releaseLock();
  }
}

/**
 * p0f reads the whole file in one pcap_dispatch() call: a first signal only takes effect at
 * the end (the `User-initiated shutdown` warning, then `All done`); a second one exits with
 * status 1 at once. Our output is batched, so it is flushed first.
 */
function installStopHandlers(sink: OutputSink): { stopped: () => boolean; remove: () => void } {
  let count = 0;
  const onSignal = (): void => {
    count++;
    if (count >= 2) {
      sink.flush();
      process.exit(1);
    }
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    stopped: () => count > 0,
    remove: () => {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    },
  };
}

async function replayRecords(input: ReplayInput, reader: CaptureReader, first: CaptureRecord | null, program: BpfProgram): Promise<number> {
  const signals = input.handleSignals ? installStopHandlers(input.sink) : null;
  try {
    return await replayLoop(input, reader, first, program, signals);
  } finally {
    signals?.remove();
  }
}

async function replayLoop(
  input: ReplayInput,
  reader: CaptureReader,
  first: CaptureRecord | null,
  program: BpfProgram,
  signals: { stopped: () => boolean } | null,
): Promise<number> {
  const { options, sink, status } = input;

  let warningsLeft = 2; // the decoder warns at most once per kind
  const processor = createPacketProcessor({
    matchers: input.matchers,
    compat: options.compat,
    maxConnections: options.maxConnections,
    maxHosts: options.maxHosts,
    connectionMaxAgeSeconds: options.connectionMaxAgeSeconds,
    hostIdleLimitMinutes: options.hostIdleLimitMinutes,
    readingFile: true,
    emit: sink.emit,
    warn: (message) => sink.err(formatWarning(message)),
  });
  let passed = 0;
  let failure: string | null = null;
  let sinceYield = 0;
  for (let record: CaptureRecord | null = first; record !== null; ) {
    if (signals !== null && ++sinceYield === YIELD_EVERY) {
      sinceYield = 0;
      // The record is a view into the reader's buffer; it stays valid because next() is not called meanwhile.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (runBpf(program, record.data, record.originalLength) !== 0) {
      passed++;
      processor.process(record);
      if (warningsLeft > 0) {
        for (const w of processor.decoder.takeWarnings()) {
          warningsLeft--;
          sink.err(formatWarning(w.message));
        }
      }
    }
    const next = reader.next();
    if (isCaptureError(next)) {
      failure = formatCaptureError(next);
      break;
    }
    record = next;
  }
  reader.close();
  if (signals?.stopped() === true) sink.err(formatWarning('User-initiated shutdown.'));
  status(statusLine.allDone(passed));
  const logError = sink.flush();
  if (failure !== null) {
    sink.err(`[-] ERROR: capture file damaged, stopped reading: ${failure}\n`);
    return 1;
  }
  if (logError !== null && options.logFile !== null) {
    sink.err(formatSystemError(`Cannot write to '${options.logFile}'.`, strerror(logError), null));
    return 1;
  }
  return 0;
}
