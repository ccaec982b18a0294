/**
 * `-r FILE`: p0f's offline mode. Opens the capture and the log, runs the capture loop shared
 * with the library (process/capture-replay.ts) with the sink as its output, and prints p0f's
 * status lines around it. A damaged capture keeps everything decoded before the damage, then
 * ends with a clear error naming the file and byte offset and exit status 1 (p0f 3.09b, and
 * `--compat 3.09b`, stop silently with status 0). A pcapng file mixing link types: see
 * capture-replay.ts (D6).
 */
import { accessSync, constants } from 'node:fs';
import { openCaptureFile } from '../capture/capture-file.js';
import { formatCaptureError } from '../capture/capture-record.js';
import { lockLogFile } from '../process-control/log-lock.js';
import { startReplay, type CaptureReplay } from '../process/capture-replay.js';
import type { ProcessorMatchers } from '../process/packet-processor.js';
import { openLogFile } from '../output/log-file.js';
import { formatFatal, formatSystemError, formatWarning, statusLine, strerror } from '../output/status-lines.js';
import type { OutputSink } from './output-sink.js';
import type { P0fOptions } from './p0f-flags.js';
import { switchUser } from './switch-user.js';

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
  const started = startReplay(opened.reader, {
    matchers: input.matchers,
    compat: options.compat,
    filter: options.filter,
    captureFilter: true,
    // libpcap compiles a savefile's filter slightly differently from a live handle's.
    capturePath: file,
    maxConnections: options.maxConnections,
    maxHosts: options.maxHosts,
    connectionMaxAgeSeconds: options.connectionMaxAgeSeconds,
    hostIdleLimitMinutes: options.hostIdleLimitMinutes,
    readingFile: true,
    emit: sink.emit,
    warn: (message) => sink.err(formatWarning(message)),
  });
  if (!started.ok) {
    const e = started.error;
    if (e.kind === 'capture-error') {
      sink.err(formatFatal(`pcap_open_offline: ${formatCaptureError(e)}`, { func: 'prepare_pcap', file: 'p0f.c', line: 476 }));
    } else {
      sink.err(`[-] pcap_compile: ${e.pcapMessage}\n`);
      sink.err(formatFatal(e.message, options.filter === null ? null : { func: 'prepare_bpf', file: 'p0f.c', line: 595 }));
    }
    return 1;
  }
  const replay = started.replay;
  status((started.banner ?? '') + '\n');
  let releaseLock = (): void => undefined;
  if (options.logFile !== null) {
    const log = openLogFile(options.logFile);
    if (!log.ok) {
      replay.close();
      const e = log.error;
      sink.err(e.kind === 'system' ? formatSystemError(e.message, strerror(e.code), e.location) : formatFatal(e.message, e.location));
      return 1;
    }
    // p0f's flock(), taken through util-linux flock(1) (see process-control/log-lock.ts).
    const lock = lockLogFile(options.logFile);
    if (lock.kind === 'busy') {
      replay.close();
      log.log.close();
      sink.err(formatFatal(lock.message, { func: 'open_log', file: 'p0f.c', line: 243 }));
      return 1;
    }
    if (lock.kind === 'locked') releaseLock = lock.release;
    sink.log = log.log;
    status(statusLine.logOpened(options.logFile));
  }
  // p0f drops privileges with -r too, once the capture and the log are open.
  if (options.user !== null && !(await switchUser(options.user, sink, status))) {
    replay.close();
    sink.log?.close();
    releaseLock();
    return 1;
  }
  status(statusLine.processingFile());
  try {
    return await replayRecords(input, replay);
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

async function replayRecords(input: ReplayInput, replay: CaptureReplay): Promise<number> {
  const signals = input.handleSignals ? installStopHandlers(input.sink) : null;
  try {
    await replay.run();
  } finally {
    signals?.remove();
  }
  const { options, sink, status } = input;
  if (signals?.stopped() === true) sink.err(formatWarning('User-initiated shutdown.'));
  status(statusLine.allDone(replay.packets));
  const logError = sink.flush();
  const failure = replay.failure;
  if (failure !== null && failure.kind === 'capture-error') {
    // 3.09b takes libpcap's read error for the end of the file (C1); compat does the same.
    if (!options.compat) {
      sink.err(`[-] ERROR: capture file damaged, stopped reading: ${formatCaptureError(failure)}\n`);
      return 1;
    }
  } else if (failure !== null) {
    // Only a pcapng file that mixes link types gets here (docs/deviations.md D6).
    sink.err(`[-] pcap_compile: ${failure.pcapMessage}\n`);
    sink.err(`[-] ERROR: the filter does not compile for a later interface's link type, stopped reading: ${failure.message}\n`);
    return 1;
  }
  if (logError !== null && options.logFile !== null) {
    sink.err(formatSystemError(`Cannot write to '${options.logFile}'.`, strerror(logError), null));
    return 1;
  }
  return 0;
}
