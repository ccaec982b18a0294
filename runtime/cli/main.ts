/**
 * `p0f-ts`: author subcommands (lint, compile, fmt, diff, fuzz, explain — loaded on demand
 * from compiler/cli so the runtime never pulls in the compiler otherwise), `bench`,
 * `sample`, and otherwise p0f's own command line (spec §11).
 */
import { accessSync, closeSync, constants, readFileSync, statSync } from 'node:fs';
import { exitQuietlyOnBrokenPipe } from './broken-pipe.js';
import { processIo, type CliIo, type CommandRunner } from './cli-io.js';
import { OutputSink } from './output-sink.js';
import { checkCaptureOptions, P0F_TS_USAGE, parseP0fFlags, usageText, type P0fOptions } from './p0f-flags.js';
import { runReplay } from './replay.js';
import {
  BANNER,
  countClosableDescriptors,
  formatFatal,
  formatSystemError,
  listInheritedDescriptors,
  statusLine,
  strerror,
} from '../output/status-lines.js';
import type { ProcessorMatchers } from '../process/packet-processor.js';
import { loadMatcherSet } from '../match/matcher-set.js';
import { DAEMON_CHILD_ENV } from '../process-control/daemon.js';

/** The database path p0f prints when -f is not given (Debian's compiled-in default). */
export const DEFAULT_FP_PATH = '/etc/p0f/p0f.fp';

const AUTHOR_COMMANDS = new Set(['lint', 'compile', 'fmt', 'diff', 'fuzz', 'explain']);

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) exitQuietlyOnBrokenPipe();
  const command = argv[0];
  if (command !== undefined && AUTHOR_COMMANDS.has(command)) return runAuthorCommand(command, argv.slice(1), io);
  if (command === 'bench') {
    const { runBenchCommand } = await import('./bench-command.js');
    return runBenchCommand(argv.slice(1), io);
  }
  if (command === 'sample') {
    const { runSampleCommand } = await import('./sample-command.js');
    return runSampleCommand(argv.slice(1), io);
  }
  // Inherited descriptors are closed only for a real process, never inside a test runner.
  return runP0f(argv, io, io === processIo);
}

async function runAuthorCommand(name: string, args: string[], io: CliIo): Promise<number> {
  let run: CommandRunner;
  try {
    const mod = (await import(`../../compiler/cli/${name}-command.js`)) as { run?: CommandRunner };
    if (typeof mod.run !== 'function') throw new Error('no run export');
    run = mod.run;
  } catch (err) {
    io.writeError(`p0f-ts: the '${name}' command is not available in this build (${err instanceof Error ? err.message : String(err)})\n`);
    return 2;
  }
  return run(args, io);
}

/** Renders loader diagnostics with the compiler's text renderer (loaded only on this error path). */
async function renderDiagnostics(diagnostics: readonly unknown[]): Promise<string> {
  if (diagnostics.length === 0) return '';
  try {
    const { renderText } = await import('../../compiler/diagnostics/render-text.js');
    const sources = (file: string): string | undefined => {
      try {
        return readFileSync(file, 'latin1');
      } catch {
        return undefined;
      }
    };
    return renderText(diagnostics as Parameters<typeof renderText>[0], { color: false, sources });
  } catch {
    return diagnostics
      .map((d) => (typeof d === 'object' && d !== null && 'message' in d ? `  ${String((d as { message: unknown }).message)}\n` : ''))
      .join('');
  }
}

/** `realProcess`: close inherited descriptors and handle signals (never inside a test runner). */
export async function runP0f(argv: readonly string[], io: CliIo, realProcess: boolean): Promise<number> {
  const parsed = parseP0fFlags(argv);
  const json = parsed.kind === 'run' && parsed.options.json;
  const sink = new OutputSink(io, json, parsed.kind !== 'run' || !parsed.options.daemon);
  // With --json, stdout carries only NDJSON; the banner and status lines go to stderr.
  const status = json ? (t: string) => sink.err(t) : (t: string) => sink.out(t);
  status(BANNER);
  switch (parsed.kind) {
    case 'help':
      sink.out(usageText(DEFAULT_FP_PATH) + P0F_TS_USAGE);
      sink.flush();
      return 0;
    case 'usage':
      sink.err(`${parsed.message}\n${usageText(DEFAULT_FP_PATH)}`);
      return 1;
    case 'fatal':
      sink.err(formatFatal(parsed.message, parsed.location));
      return 1;
    case 'list-interfaces':
      sink.flush();
      return runLiveModule('list', null, io);
    case 'run':
      break;
  }
  const options = parsed.options;
  for (const note of options.notes) status(note);

  const inherited = listInheritedDescriptors();
  if (realProcess && inherited !== null) {
    // A daemon child re-run by live mode reports to its parent on an inherited pipe; keep it.
    const channel = Number(process.env[DAEMON_CHILD_ENV] ?? Number.NaN);
    for (const fd of inherited) {
      if (fd === channel) continue;
      try {
        closeSync(fd);
      } catch {
        // already gone
      }
    }
  }
  status(statusLine.closedDescriptors(countClosableDescriptors(inherited)));

  const matchers = await loadMatchers(options, sink);
  if (matchers === null) return 1;
  status(statusLine.loadedSignatures(matchers.database.signatureCount, options.fpPath ?? matchers.database.source.file));

  const captureProblem = checkCaptureOptions(options);
  if (captureProblem !== null) {
    sink.err(formatFatal(captureProblem.message, captureProblem.location));
    return 1;
  }
  if (options.readFile !== null) {
    const code = await runReplay({ options, file: options.readFile, matchers, sink, status, handleSignals: realProcess });
    sink.flush();
    return code;
  }
  sink.flush();
  return runLiveModule('live', { options, matchers }, io);
}

async function loadMatchers(options: P0fOptions, sink: OutputSink): Promise<ProcessorMatchers | null> {
  if (options.fpPath !== null) {
    try {
      accessSync(options.fpPath, constants.R_OK);
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
      sink.err(
        formatSystemError(`Cannot open '${options.fpPath}' for reading.`, strerror(code), { func: 'read_config', file: 'readfp.c', line: 392 }),
      );
      return null;
    }
    // A directory opens, but reading it fails: p0f's read() then comes up short.
    if (isDirectory(options.fpPath)) {
      sink.err(formatFatal(`Short read from '${options.fpPath}'.`, { func: 'read_config', file: 'readfp.c', line: 404 }));
      return null;
    }
  }
  const loaded = await loadMatcherSet({ fpPath: options.fpPath, matcher: options.matcher });
  if (!loaded.ok) {
    const details = await renderDiagnostics(loaded.diagnostics ?? []);
    sink.err(details + formatFatal(loaded.message, null));
    return null;
  }
  return loaded.set;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Live capture (live-mode.ts) is loaded only when needed: `-r` never pulls in cap or the API server. */
async function runLiveModule(what: 'list' | 'live', args: { options: P0fOptions; matchers: ProcessorMatchers } | null, io: CliIo): Promise<number> {
  const live = await import('./live-mode.js');
  if (what === 'list' || args === null) return live.listInterfaces(io);
  return live.runLive(args, io);
}
