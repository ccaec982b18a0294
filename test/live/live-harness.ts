/**
 * Shared pieces of the live tests: an in-memory CliIo, bounded polling (no sleeps as
 * synchronisation), real TCP/HTTP traffic on loopback, and the real p0f as a process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../runtime/cli/cli-io.js';

export interface MemoryIo extends CliIo {
  stdout: string;
  stderr: string;
}

export function memoryIo(): MemoryIo {
  const io: MemoryIo = {
    stdout: '',
    stderr: '',
    isTty: false,
    write(text: string): void {
      io.stdout += text;
    },
    writeError(text: string): void {
      io.stderr += text;
    },
  };
  return io;
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Resolves once the wall clock (the clock capture timestamps come from) has passed `time`
 * (ms since the epoch): a condition on the clock itself, for tests that need a real interval
 * between two packets, not a guess at how long something takes.
 */
export function waitForClock(time: number): Promise<void> {
  return waitFor(`the clock to pass ${new Date(time).toISOString()}`, () => Date.now() > time, Math.max(0, time - Date.now()) + 5_000);
}

/** The complete (newline-terminated) lines of a log; a line still being written is left out. */
export function readLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'latin1');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line !== '');
}

/** A log line without its `[YYYY/MM/DD HH:MM:SS] ` timestamp. */
export function withoutTime(line: string): string {
  return line.replace(/^\[\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\] /, '');
}

export function field(line: string, key: string): string | null {
  for (const part of line.split('|')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).replace(/^.*\] /, '');
    if (name === key) return part.slice(at + 1);
  }
  return null;
}

/** A TCP server on `host:port` that answers every connection with a short reply. */
export async function startEchoServer(host: string, port: number): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end('pong\n'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, resolve);
  });
  return server;
}

/** One full TCP exchange: connect, send, read the reply, close. Resolves with the client's port. */
export function tcpExchange(host: string, port: number, from: { readonly address?: string; readonly port?: number } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, localAddress: from.address, localPort: from.port });
    let clientPort = 0;
    socket.on('error', reject);
    socket.on('connect', () => {
      clientPort = socket.localPort ?? 0;
      socket.write('ping\n');
    });
    socket.on('data', () => undefined);
    socket.on('close', () => resolve(clientPort));
  });
}

/**
 * One HTTP request on a connection that stays idle after the handshake until the clock
 * has moved `idleMs` past it, so the request and the response come a real interval after
 * the SYN and SYN+ACK. Resolves with the client's port once the server has closed.
 */
export function idleThenHttpGet(host: string, port: number, idleMs: number, userAgent: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let clientPort = 0;
    socket.on('error', reject);
    socket.on('connect', () => {
      clientPort = socket.localPort ?? 0;
      waitForClock(Date.now() + idleMs).then(
        () => socket.write(`GET / HTTP/1.1\r\nHost: ${host.includes(':') ? `[${host}]` : host}:${port}\r\nUser-Agent: ${userAgent}\r\nAccept: */*\r\nConnection: close\r\n\r\n`),
        reject,
      );
    });
    socket.on('data', () => undefined);
    socket.on('close', () => resolve(clientPort));
  });
}

export async function startHttpServer(host: string, port: number): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    response.setHeader('Content-Type', 'text/plain');
    response.end('hello\n');
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, resolve);
  });
  return server;
}

/** A real HTTP request through Node's client, with browser-like headers. */
export function httpGet(host: string, port: number, userAgent: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host, port, path: '/', method: 'GET', agent: false, headers: { 'User-Agent': userAgent, Accept: '*/*', Connection: 'close' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

export function closeServer(server: net.Server | http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * How to run the p0f-ts CLI as a process: the build (`npm test` builds first) when it is
 * newer than every runtime source, otherwise the sources through tsx (slower to start).
 */
export function p0fTsCommand(args: readonly string[]): { command: string; args: string[]; cwd: string } {
  const built = path.join(ROOT, 'dist', 'runtime', 'cli', 'main.js');
  const fresh =
    existsSync(built) &&
    ['runtime', 'generated'].every((dir) => !existsSync(path.join(ROOT, dir)) || newestSource(path.join(ROOT, dir)) < statSync(built).mtimeMs) &&
    ['live-mode.js', '../api/api-server.js', '../capture/live-capture.js', '../capture/live-capture-worker.js', '../process-control/daemon-child.js'].every((f) =>
      existsSync(path.join(ROOT, 'dist', 'runtime', 'cli', f)),
    );
  if (fresh) return { command: process.execPath, args: [path.join(ROOT, 'bin', 'p0f-ts.js'), ...args], cwd: ROOT };
  return { command: process.execPath, args: ['--import', 'tsx', path.join(ROOT, 'test', 'live', 'cli-entry.ts'), ...args], cwd: ROOT };
}

/** A running p0f 3.09b (or p0f-ts, see startP0fTs) with its output so far. */
export interface RealP0f {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

export const REAL_P0F = '/usr/sbin/p0f';

export function startRealP0f(args: readonly string[], options: { netns?: string } = {}): RealP0f {
  const command = options.netns !== undefined ? 'ip' : REAL_P0F;
  const argv = options.netns !== undefined ? ['netns', 'exec', options.netns, REAL_P0F, ...args] : [...args];
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  const real: RealP0f = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    real.stdout += chunk.toString('latin1');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    real.stderr += chunk.toString('latin1');
  });
  return real;
}

/** p0f-ts as a real process (the build or the sources, see p0fTsCommand), with extra environment. */
export function startP0fTs(args: readonly string[], env: Readonly<Record<string, string>> = {}): RealP0f {
  const cli = p0fTsCommand(args);
  const child = spawn(cli.command, cli.args, { cwd: cli.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC', ...env } });
  const ours: RealP0f = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    ours.stdout += chunk.toString('latin1');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    ours.stderr += chunk.toString('latin1');
  });
  return ours;
}

/** Every live process below `pid` (children, grandchildren, …), from /proc. */
export function descendantPids(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const parent = pending.pop() as number;
    for (const task of readdirSafe(`/proc/${parent}/task`)) {
      let text = '';
      try {
        text = readFileSync(`/proc/${parent}/task/${task}/children`, 'latin1').trim();
      } catch {
        continue; // the task ended meanwhile
      }
      for (const child of text === '' ? [] : text.split(/\s+/).map(Number)) {
        found.push(child);
        pending.push(child);
      }
    }
  }
  return found;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The shared objects a process has mapped (paths from /proc/PID/maps). */
export function mappedFiles(pid: number): string[] {
  const paths = readFileSync(`/proc/${pid}/maps`, 'latin1')
    .split('\n')
    .map((line) => line.split(/\s+/).slice(5).join(' '))
    .filter((file) => file.startsWith('/'));
  return [...new Set(paths)];
}

/** True once something accepts connections on the unix socket `path`. */
export function socketAccepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(path)) {
      resolve(false);
      return;
    }
    const probe = net.createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

export async function waitForSocket(path: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await socketAccepts(path))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for API socket ${path}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
  }
}
