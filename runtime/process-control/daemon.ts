/**
 * `-d`: p0f forks after everything is open, so start-up errors still reach the terminal.
 * Node cannot fork, so the foreground process re-runs the same command line as a
 * detached child (its own session, stdin on /dev/null) and relays what the child prints
 * during start-up through a pipe (fd 3). When the child is ready it says so; the parent
 * prints p0f's "Daemon process created" lines and exits 0. If the child fails first, the
 * parent prints its messages and exits with its status. See docs/deviations.md.
 *
 * The child's final stdout and stderr follow p0f: both go to the null device when stderr is
 * a terminal; otherwise both go to the parent's stderr.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../cli/cli-io.js';
import { statusLine } from '../output/status-lines.js';

/** Set in the child's environment; its value is the descriptor of the start-up pipe. */
export const DAEMON_CHILD_ENV = 'P0F_TS_DAEMON_CHILD';

/** Messages on the start-up pipe, one JSON object per line. */
export type DaemonMessage =
  | { readonly t: 'out'; readonly text: string }
  | { readonly t: 'err'; readonly text: string }
  /** The child reached live mode; what it printed before (banner, signatures) duplicates the parent. */
  | { readonly t: 'begin' }
  | { readonly t: 'ready'; readonly pid: number };

export function isDaemonChild(): boolean {
  return process.env[DAEMON_CHILD_ENV] !== undefined;
}

function childEntry(): { command: string; args: string[] } {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const entry = here.replace(/daemon\.(ts|js)$/, `daemon-child.${fromSource ? 'ts' : 'js'}`);
  return { command: process.execPath, args: fromSource ? ['--import', 'tsx', entry] : [entry] };
}

/** Parent side: start the daemon and relay its start-up output. Resolves to our exit status. */
export function spawnDaemon(argv: readonly string[], io: CliIo, stderrIsTty: boolean = process.stderr.isTTY === true): Promise<number> {
  const { command, args } = childEntry();
  const finalOut = stderrIsTty ? openSync('/dev/null', 'w') : 2;
  const child = spawn(command, [...args, ...argv], {
    detached: true,
    stdio: ['ignore', finalOut, finalOut, 'pipe'],
    env: { ...process.env, [DAEMON_CHILD_ENV]: '3' },
  });
  return new Promise((resolve) => {
    const channel = child.stdio[3] as import('node:stream').Readable | null;
    let begun = false;
    let settled = false;
    let buffered = '';
    const early: DaemonMessage[] = [];
    const settle = (code: number): void => {
      if (settled) return;
      settled = true;
      channel?.removeAllListeners('data');
      channel?.destroy();
      child.unref();
      resolve(code);
    };
    const relay = (message: DaemonMessage): void => {
      if (message.t === 'out') io.write(message.text);
      else if (message.t === 'err') io.writeError(message.text);
    };
    channel?.setEncoding('utf8');
    channel?.on('data', (chunk: string | Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const message = JSON.parse(buffered.slice(0, newline)) as DaemonMessage;
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (message.t === 'begin') {
          begun = true;
        } else if (message.t === 'ready') {
          io.write(statusLine.daemonCreated(message.pid, !stderrIsTty));
          settle(0);
          return;
        } else if (begun) {
          relay(message);
        } else {
          early.push(message);
        }
      }
    });
    child.once('error', (error) => {
      io.writeError(`[-] PROGRAM ABORT : cannot start the daemon process: ${error.message}\n\n`);
      settle(1);
    });
    child.once('exit', (code) => {
      // Died before going live: whatever it said explains why (the parent passed these steps itself).
      if (!begun) for (const message of early) if (message.t === 'err') relay(message);
      settle(code ?? 1);
    });
  });
}

/** Child side: the start-up pipe, and the switch to daemon output once ready. */
export class DaemonChannel {
  private open = true;
  constructor(private readonly fd: number) {}

  send(message: DaemonMessage): void {
    if (!this.open) return;
    try {
      writeAllSync(this.fd, JSON.stringify(message) + '\n');
    } catch {
      // The parent is gone; nobody is listening any more.
      this.open = false;
    }
  }

  /** After this the parent exits; the child runs in its own session from `/`. */
  ready(): void {
    this.send({ t: 'ready', pid: process.pid });
    this.open = false;
    try {
      closeFd(this.fd);
    } catch {
      // already closed
    }
  }

  get isOpen(): boolean {
    return this.open;
  }
}

let sharedChannel: DaemonChannel | null | undefined;

/** The one channel of this process (shared, so nobody writes to the descriptor after it was closed). */
export function daemonChannel(): DaemonChannel | null {
  if (sharedChannel !== undefined) return sharedChannel;
  const value = process.env[DAEMON_CHILD_ENV];
  const fd = Number(value);
  sharedChannel = value !== undefined && Number.isInteger(fd) && fd > 2 ? new DaemonChannel(fd) : null;
  return sharedChannel;
}

function writeAllSync(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

function closeFd(fd: number): void {
  closeSync(fd);
}
