/**
 * API stress: `npx tsx scripts/bench-api.ts [--clients 100] [--queries 1000]`.
 * Runs p0f-ts and the real p0f live on `lo` (each with -s, -S 100), makes them see a
 * few real connections, then hits each API with N well-behaved clients (one query in
 * flight each) plus misbehaving ones: slow readers that pipeline and read slowly, clients
 * sending garbage, and half-open clients that send part of a query and go quiet.
 * Prints p50/p99/max latency and throughput for both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_QUERY_SIZE, API_RESPONSE_SIZE, encodeApiQuery } from '../runtime/api/api-wire.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const REAL_P0F = '/usr/sbin/p0f';

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const CLIENTS = argValue('--clients', 100);
const QUERIES = argValue('--queries', 1000);
const PORT = 48000 + (process.pid % 1000);
const MISBEHAVING_MS = 2000;
/** `--polite-only`: no misbehaving clients (isolates their cost). */
const POLITE_ONLY = process.argv.includes('--polite-only');

interface Result {
  readonly name: string;
  readonly latenciesUs: Float64Array;
  readonly wallMs: number;
  readonly okAnswers: number;
  readonly badAnswers: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function accepts(sock: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(sock)) return resolve(false);
    const probe = net.createConnection(sock);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

interface Daemon {
  readonly kind: 'p0f-ts' | 'p0f';
  readonly child: ChildProcess;
  /** How it ended, once it has; set as it happens, so an early death is seen. */
  ended: string | null;
  readonly exited: Promise<void>;
}

function startDaemon(kind: 'p0f-ts' | 'p0f', sock: string): Daemon {
  const args = ['-i', 'lo', '-s', sock, '-S', '100', `port ${PORT}`];
  const child = kind === 'p0f'
    ? spawn(REAL_P0F, args, { stdio: 'ignore' })
    // From source (tsx), so the figures are for the code as it is, not a stale build.
    : spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'live', 'cli-entry.ts'), ...args], { cwd: ROOT, stdio: 'ignore' });
  const daemon: Daemon = {
    kind,
    child,
    ended: null,
    exited: new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        daemon.ended = signal !== null ? `killed by ${signal}` : `exit status ${code}`;
        resolve();
      });
    }),
  };
  return daemon;
}

/** A few real connections on lo so 127.0.0.1 is a known host. */
async function makeTraffic(): Promise<void> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => s.end('x'));
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve, reject) => {
      const c = net.connect(PORT, '127.0.0.1', () => c.write('y'));
      c.on('data', () => undefined);
      c.on('close', () => resolve());
      c.on('error', reject);
    });
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function connect(sock: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection(sock);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** One query in flight at a time; returns per-query latencies in µs. */
async function wellBehaved(sock: string, queries: number, out: Float64Array, offset: number, counts: { ok: number; bad: number }): Promise<void> {
  const socket = await connect(sock);
  const query = Buffer.from(encodeApiQuery(4, Uint8Array.from([127, 0, 0, 1])));
  let pending: Buffer = Buffer.alloc(0);
  let sent = 0n;
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= API_RESPONSE_SIZE) {
        const status = pending.readUInt32LE(4);
        if (status === 0x10) counts.ok++;
        else counts.bad++;
        pending = pending.subarray(API_RESPONSE_SIZE);
        out[offset + done] = Number(process.hrtime.bigint() - sent) / 1000;
        done++;
        if (done === queries) {
          socket.end();
          resolve();
          return;
        }
        sent = process.hrtime.bigint();
        socket.write(query);
      }
    });
    sent = process.hrtime.bigint();
    socket.write(query);
  });
  socket.destroy();
}

/** Pipelines many queries, reads one answer's worth every few ms, then leaves. */
async function slowReader(sock: string): Promise<void> {
  const socket = await connect(sock);
  socket.on('error', () => undefined);
  socket.pause();
  const query = Buffer.from(encodeApiQuery(4, Uint8Array.from([127, 0, 0, 1])));
  socket.write(Buffer.concat(new Array<Buffer>(5000).fill(query)));
  const until = Date.now() + MISBEHAVING_MS;
  while (Date.now() < until) {
    socket.read(API_RESPONSE_SIZE);
    await sleep(5);
  }
  socket.destroy();
}

/** Sends random bytes (mostly bad magic) as fast as the server takes them, reading nothing back on purpose. */
async function garbage(sock: string): Promise<void> {
  const socket = await connect(sock);
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  const until = Date.now() + MISBEHAVING_MS;
  while (Date.now() < until && !socket.destroyed) {
    const junk = Buffer.alloc(API_QUERY_SIZE * 50);
    for (let i = 0; i < junk.length; i++) junk[i] = (Math.random() * 256) | 0;
    if (!socket.write(junk)) await new Promise<void>((resolve) => socket.once('drain', resolve));
    await sleep(1);
  }
  socket.destroy();
}

/** Sends 7 bytes of a query and stays silent until released. */
async function halfOpen(sock: string, release: Promise<void>): Promise<void> {
  const socket = await connect(sock);
  socket.on('error', () => undefined);
  socket.write(Buffer.from(encodeApiQuery(4, Uint8Array.from([127, 0, 0, 1]))).subarray(0, 7));
  await release;
  socket.destroy();
}

async function run(name: string, sock: string): Promise<Result> {
  let releaseHalfOpen: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    releaseHalfOpen = resolve;
  });
  const misbehaving = POLITE_ONLY
    ? []
    : [halfOpen(sock, released), halfOpen(sock, released), slowReader(sock), slowReader(sock), garbage(sock), garbage(sock)];
  const latencies = new Float64Array(CLIENTS * QUERIES);
  const counts = { ok: 0, bad: 0 };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => wellBehaved(sock, QUERIES, latencies, i * QUERIES, counts)));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  releaseHalfOpen();
  await Promise.allSettled(misbehaving);
  return { name, latenciesUs: latencies.sort(), wallMs, okAnswers: counts.ok, badAnswers: counts.bad };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

function report(results: readonly Result[]): void {
  const rows = results.map((r) => ({
    server: r.name,
    'p50 µs': percentile(r.latenciesUs, 0.5).toFixed(0),
    'p99 µs': percentile(r.latenciesUs, 0.99).toFixed(0),
    'max ms': (r.latenciesUs[r.latenciesUs.length - 1] / 1000).toFixed(1),
    'queries/s': Math.round((r.latenciesUs.length / r.wallMs) * 1000).toString(),
    'ok answers': `${r.okAnswers}/${r.latenciesUs.length}`,
  }));
  const extra = POLITE_ONLY ? '' : ', plus 2 slow readers, 2 garbage senders, 2 half-open clients';
  process.stdout.write(`API stress: ${CLIENTS} clients x ${QUERIES} queries${extra} (-S 100)\n`);
  console.table(rows);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'p0f-ts-bench-api-'));
  const daemons: Daemon[] = [];
  try {
    const socks = { 'p0f-ts': path.join(dir, 'ours.sock'), p0f: path.join(dir, 'real.sock') } as const;
    for (const kind of ['p0f-ts', 'p0f'] as const) daemons.push(startDaemon(kind, socks[kind]));
    for (const kind of ['p0f-ts', 'p0f'] as const) await waitUntil(`${kind} API socket`, () => accepts(socks[kind]));
    // Both must have seen the traffic before the stress starts.
    await sleep(300);
    await makeTraffic();
    const results: Result[] = [];
    for (const kind of ['p0f-ts', 'p0f'] as const) {
      await waitUntil(`${kind} to know 127.0.0.1`, async () => {
        const s = await connect(socks[kind]);
        const answer = await new Promise<number>((resolve) => {
          s.once('data', (d: Buffer) => resolve(d.readUInt32LE(4)));
          s.write(Buffer.from(encodeApiQuery(4, Uint8Array.from([127, 0, 0, 1]))));
        });
        s.destroy();
        return answer === 0x10;
      });
    }
    // Warm both servers and this client's JIT first, so the order of the runs does not matter.
    for (const kind of ['p0f-ts', 'p0f'] as const) {
      const warm = new Float64Array(CLIENTS * 50);
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => wellBehaved(socks[kind], 50, warm, i * 50, { ok: 0, bad: 0 })));
    }
    const order = process.argv.includes('--p0f-first') ? (['p0f', 'p0f-ts'] as const) : (['p0f-ts', 'p0f'] as const);
    for (const kind of order) {
      results.push(await run(kind, socks[kind]));
    }
    report(results);
    // p0f does not ignore SIGPIPE: an API client that hangs up while it writes kills it.
    for (const d of daemons) if (d.ended !== null) process.stdout.write(`${d.kind} ended during the run: ${d.ended}\n`);
  } finally {
    for (const d of daemons) if (d.ended === null) d.child.kill('SIGINT');
    await Promise.all(daemons.map((d) => d.exited));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
