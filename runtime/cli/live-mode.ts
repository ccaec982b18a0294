/**
 * Live mode (`-i`, no `-r`): capture → packet processor → pretty/NDJSON stdout, `-o` log
 * and the `-s` API, in p0f's start-up order (spec §11 steps 7–14): capture, filter, log,
 * API socket, privilege drop, daemon, main loop. Also `-L`.
 *
 * Beyond p0f: SIGHUP recompiles the signature database and swaps the matchers while
 * keeping host state (a failed reload keeps the old tables and reports why).
 */
import { compileCaptureFilter, type CaptureFilterError } from '../capture/bpf-filter.js';
import type { CaptureRecord } from '../capture/capture-record.js';
import { defaultCaptureDevice, formatDeviceList, listCaptureDevices, openLiveCapture, type LiveCapture } from '../capture/live-capture.js';
import { startApiServer, type ApiServer, type ApiServerError } from '../api/api-server.js';
import { apiHostView } from '../api/api-host-view.js';
import { createPacketProcessor, type PacketProcessor, type ProcessorMatchers } from '../process/packet-processor.js';
import { openLogFile } from '../output/log-file.js';
import { formatLogTimestamp } from '../output/log-line.js';
import { formatFatal, formatSystemError, formatWarning, statusLine, strerror, type ErrorLocation } from '../output/status-lines.js';
import { daemonChannel, isDaemonChild, spawnDaemon } from '../process-control/daemon.js';
import { lockLogFile } from '../process-control/log-lock.js';
import { switchUser } from './switch-user.js';
import { reloadMatchers, type MatcherLoader } from '../process-control/reload.js';
import { installSignalHandlers } from '../process-control/signals.js';
import type { CliIo } from './cli-io.js';
import { OutputSink } from './output-sink.js';
import type { P0fOptions } from './p0f-flags.js';

export interface LiveInput {
  readonly options: P0fOptions;
  readonly matchers: ProcessorMatchers;
  /** How SIGHUP reloads the database; defaults to runtime/match/matcher-set.ts with the same options. */
  readonly loadMatchers?: MatcherLoader;
  /** The command line, for re-running it as a daemon (defaults to this process's). */
  readonly argv?: readonly string[];
  /** Stops the loop like SIGINT does (for embedding and tests). */
  readonly stopSignal?: AbortSignal;
}

/** What ended the main loop. */
type StopReason = { readonly kind: 'signal' } | { readonly kind: 'down'; readonly message: string };

const DOWN_LOCATION: ErrorLocation = { func: 'live_event_loop', file: 'p0f.c', line: 834 };

/** `-L`: the banner was printed by the caller. */
export function listInterfaces(io: CliIo): number {
  io.write(formatDeviceList(listCaptureDevices()));
  return 0;
}

function matcherSetLoader(options: P0fOptions): MatcherLoader {
  return async () => {
    const path = '../match/matcher-set.js';
    const mod = (await import(path)) as {
      loadMatcherSet(o: { fpPath: string | null; matcher: 'compiled' | 'interpreted' }): ReturnType<MatcherLoader>;
    };
    return mod.loadMatcherSet({ fpPath: options.fpPath, matcher: options.matcher });
  };
}

function printApiError(sink: OutputSink, error: ApiServerError): void {
  switch (error.kind) {
    case 'path-too-long':
      sink.err(formatFatal(error.message, { func: 'open_api', file: 'p0f.c', line: 272 }));
      return;
    case 'not-a-socket':
      sink.err(formatFatal(error.message, { func: 'open_api', file: 'p0f.c', line: 280 }));
      return;
    case 'system':
      sink.err(formatSystemError(error.message, error.osMessage, null));
      return;
    default:
      sink.err(formatFatal(error.message, null));
  }
}

/** libpcap's pcap_open_live() message shape: `<dev>: <status> (<detail>)` for a missing device. */
function openErrorText(device: string, message: string): string {
  return message === 'No such device exists' ? `${device}: ${message} (${message})` : `${device}: ${message}`;
}

export async function runLive(input: LiveInput, io: CliIo): Promise<number> {
  const { options } = input;
  if (options.daemon && !isDaemonChild()) return spawnDaemon(input.argv ?? process.argv.slice(2), io);
  const channel = daemonChannel();
  channel?.send({ t: 'begin' });

  const sink = new OutputSink(io, options.json, !options.daemon);
  const status = options.json ? (t: string) => sink.err(t) : (t: string) => sink.out(t);
  const cleanups: (() => void | Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };
  const fail = async (text: string): Promise<number> => {
    sink.flush();
    sink.err(text);
    await cleanUp();
    return 1;
  };

  // §11 step 7: the capture.
  let device = options.iface;
  if (device === null) {
    device = defaultCaptureDevice();
    if (device === null) return fail(formatFatal('libpcap is out of ideas; use -i to specify interface.', { func: 'prepare_pcap', file: 'p0f.c', line: 491 }));
    status(statusLine.interceptingDefault(device));
  } else {
    status(statusLine.intercepting(device));
  }
  sink.flushStdout();

  let matchers = input.matchers;
  let processor: PacketProcessor | null = null;
  let stop: (reason: StopReason) => void = () => undefined;
  const stopped = new Promise<StopReason>((resolve) => {
    stop = resolve;
  });
  let flushScheduled = false;
  let warningsLeft = 2;
  const scheduleFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      sink.flush();
    });
  };
  const onRecord = (record: CaptureRecord): void => {
    if (processor === null) return;
    processor.process(record);
    if (warningsLeft > 0) {
      for (const w of processor.decoder.takeWarnings()) {
        warningsLeft--;
        sink.err(formatWarning(w.message));
      }
    }
    scheduleFlush();
  };

  let filterError: CaptureFilterError | null = null;
  let banner = '';
  const opened = await openLiveCapture(
    {
      device,
      promiscuous: options.promiscuous,
      filterFor: (linkType) => {
        const compiled = compileCaptureFilter(linkType, options.filter, options.compat);
        if (!compiled.ok) {
          filterError = compiled.error;
          return { ok: false, message: compiled.error.message };
        }
        filterError = null;
        banner = compiled.filter.banner;
        return { ok: true, expression: compiled.filter.expression };
      },
    },
    {
      onRecord,
      onDown: (message) => stop({ kind: 'down', message }),
      onWarning: (message) => sink.err(formatWarning(message)),
    },
  );
  if (!opened.ok) {
    const badFilter = filterError as CaptureFilterError | null;
    if (badFilter !== null) {
      sink.err(`[-] pcap_compile: ${badFilter.pcapMessage}\n`);
      return fail(formatFatal(badFilter.message, options.filter === null ? null : { func: 'prepare_bpf', file: 'p0f.c', line: 595 }));
    }
    return fail(formatFatal(`pcap_open_live: ${openErrorText(device, opened.message)}`, { func: 'prepare_pcap', file: 'p0f.c', line: 526 }));
  }
  const capture: LiveCapture = opened.capture;
  cleanups.push(() => capture.close());
  // §11 step 8: the filter line.
  status(banner + '\n');

  // Step 9: the log, locked against a second writer.
  if (options.logFile !== null) {
    const log = openLogFile(options.logFile);
    if (!log.ok) {
      const e = log.error;
      return fail(e.kind === 'system' ? formatSystemError(e.message, strerror(e.code), e.location) : formatFatal(e.message, e.location));
    }
    const lock = lockLogFile(options.logFile);
    if (lock.kind === 'busy') {
      log.log.close();
      return fail(formatFatal(lock.message, { func: 'open_log', file: 'p0f.c', line: 243 }));
    }
    if (lock.kind === 'locked') cleanups.push(() => lock.release());
    sink.log = log.log;
    cleanups.push(() => {
      sink.flush();
      log.log.close();
      sink.log = null;
    });
    status(statusLine.logOpened(options.logFile));
  }

  processor = createPacketProcessor({
    matchers,
    compat: options.compat,
    maxConnections: options.maxConnections,
    maxHosts: options.maxHosts,
    connectionMaxAgeSeconds: options.connectionMaxAgeSeconds,
    hostIdleLimitMinutes: options.hostIdleLimitMinutes,
    readingFile: false,
    emit: sink.emit,
    warn: (message) => sink.err(formatWarning(message)),
  });
  const live = processor;

  // Step 10: the API socket.
  let api: ApiServer | null = null;
  if (options.apiSocket !== null) {
    const started = await startApiServer({
      path: options.apiSocket,
      maxClients: options.apiMaxClients,
      lookup: (ipVersion, address) => {
        const host = live.hosts.lookup(ipVersion, address, 0);
        return host === null ? null : apiHostView(host, matchers.database.names);
      },
      warn: (message) => sink.err(formatWarning(message)),
    });
    if (!started.ok) {
      printApiError(sink, started.error);
      return fail('');
    }
    const server = started.server;
    api = server;
    cleanups.push(() => server.close());
    status(statusLine.apiListening(options.apiSocket, options.apiMaxClients));
  }

  // Step 12: privileges (after everything that needs them is open).
  if (options.user !== null) {
    const switched = await switchUser(options.user, sink, status, async (user) => {
      const failure = await capture.dropPrivileges({ name: user.name, uid: user.uid, gid: user.gid, root: user.home });
      return failure === null ? null : `capture process: ${failure}`;
    });
    if (!switched) return fail('');
  }

  // SIGHUP: recompile and swap; host state stays. Handlers go in before the ready line:
  // a signal sent as soon as a supervisor sees that line must not meet the default action.
  const load = input.loadMatchers ?? matcherSetLoader(options);
  let reloading = false;
  const reload = async (): Promise<void> => {
    if (reloading) return;
    reloading = true;
    try {
      const result = await reloadMatchers(load, live, matchers);
      const now = Math.floor(Date.now() / 1000);
      if (result.ok) {
        matchers = result.set;
        status(`[+] Reloaded ${result.set.database.signatureCount} signatures from '${options.fpPath ?? result.set.database.source.file}' (${result.hostsKept} hosts kept).\n`);
        sink.log?.append(`${formatLogTimestamp(now)} mod=reload|status=ok|signatures=${result.set.database.signatureCount}\n`);
      } else {
        const details = result.diagnostics.map((d) => (typeof d === 'object' && d !== null && 'message' in d ? `  ${String((d as { message: unknown }).message)}\n` : '')).join('');
        sink.err(formatWarning(`Signature reload failed, keeping the previous tables: ${result.message}`) + details);
        sink.log?.append(`${formatLogTimestamp(now)} mod=reload|status=failed|reason=${result.message.replace(/[\r\n|]/g, ' ')}\n`);
      }
      sink.flush();
    } finally {
      reloading = false;
    }
  };
  const uninstall = installSignalHandlers({ onStop: () => stop({ kind: 'signal' }), onReload: () => void reload() });
  cleanups.push(uninstall);

  // Step 13: the daemon is live; the parent prints its lines and exits.
  if (channel !== null) {
    sink.flush();
    channel.ready();
    if (options.user === null) process.chdir('/');
  } else {
    status(statusLine.enteredLoop());
  }
  sink.flush();


  const external = input.stopSignal;
  if (external !== undefined) {
    if (external.aborted) stop({ kind: 'signal' });
    else external.addEventListener('abort', () => stop({ kind: 'signal' }), { once: true });
  }
  capture.start();
  const reason = await stopped;

  // Outputs first, so nothing captured is lost, then the socket and the capture.
  sink.flush();
  await cleanUp();
  void api;
  if (reason.kind === 'down') {
    sink.err(formatFatal(reason.message, DOWN_LOCATION));
    return 1;
  }
  sink.err(formatWarning('User-initiated shutdown.'));
  if (!options.daemon) status(statusLine.allDone(live.packetCount));
  sink.flush();
  return 0;
}
