/**
 * `npm run bench`: end-to-end throughput of `p0f-ts -r` next to the real p0f on two generated
 * captures: a SYN-heavy one (~1M packets) and an HTTP-heavy one (~50,000 full connections,
 * each a handshake, an HTTP/1.1 request and a response), then the figures of the other
 * benchmark scripts (matching, HTTP, decoding, flood, lint, API) when they are present.
 *
 *   npm run bench                                  # everything
 *   npm run bench -- --packets 200000              # smaller SYN-heavy capture
 *   npm run bench -- --http-connections 2000       # smaller HTTP-heavy capture
 *   npm run bench -- --only e2e                    # just the side-by-side runs (SYN and HTTP)
 *   npm run bench -- --only syn                    # just the SYN-heavy side-by-side run
 *   npm run bench -- --only http                   # just the HTTP-heavy side-by-side run
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { buildTcpPacket, TcpFlag, tcpOpt, wrapEthernet, type TcpOptionSpec } from '../runtime/synth/packet-builder.js';
import { HTTP_BENCH_PACKETS_PER_CONNECTION, writeHttpBenchCapture } from './http-bench-capture.js';

const REAL_P0F = '/usr/sbin/p0f';
const OUT_DIR = 'bench/out';

function argValue(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : null;
}

const PACKETS = Number(argValue('--packets') ?? 1_000_000);
const HTTP_CONNECTIONS = Number(argValue('--http-connections') ?? 50_000);
if (!Number.isSafeInteger(HTTP_CONNECTIONS) || HTTP_CONNECTIONS < 1) {
  console.error(`bench: --http-connections wants a positive whole number, got '${argValue('--http-connections')}'`);
  process.exit(2);
}
const ONLY = argValue('--only');

/**
 * SYN-heavy traffic: ~75% SYNs from 50,000 client addresses with a handful of real option
 * layouts, ~20% SYN+ACKs answering them, ~5% bare ACKs. Templates are built once with the
 * packet builder; addresses, ports and sequence numbers are patched in per packet.
 */
function writeBenchCapture(path: string, total: number): void {
  const layouts: ((mss: number) => TcpOptionSpec[])[] = [
    (m) => [tcpOpt.mss(m), tcpOpt.sok(), tcpOpt.ts(123456, 0), tcpOpt.nop(), tcpOpt.ws(7)],
    (m) => [tcpOpt.mss(m), tcpOpt.nop(), tcpOpt.ws(8), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok()],
    (m) => [tcpOpt.mss(m), tcpOpt.nop(), tcpOpt.ws(6), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(99999, 0), tcpOpt.sok(), tcpOpt.eol(), tcpOpt.eol()],
    (m) => [tcpOpt.mss(m), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sok()],
    (m) => [tcpOpt.mss(m)],
  ];
  const syns: Uint8Array[] = [];
  for (let i = 0; i < 40; i++) {
    const mss = [1460, 1440, 1400, 1380][i % 4];
    syns.push(
      wrapEthernet(
        buildTcpPacket({
          src: '10.0.0.1', dst: '192.168.0.1', srcPort: 1, dstPort: [80, 443, 22, 25][i % 4], ttl: [64, 128, 255, 60][(i >> 2) % 4],
          df: i % 5 !== 0, ipId: 1000 + i, flags: TcpFlag.syn, window: [mss * 20, 8192, 65535, 29200, 64240][i % 5],
          options: layouts[i % layouts.length](mss),
        }),
      ),
    );
  }
  const synAck = wrapEthernet(
    buildTcpPacket({
      src: '192.168.0.1', dst: '10.0.0.1', srcPort: 80, dstPort: 1, ttl: 64, df: true, ipId: 0, flags: TcpFlag.syn | TcpFlag.ack,
      window: 28960, options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(5555, 123456), tcpOpt.nop(), tcpOpt.ws(7)],
    }),
  );
  const ack = wrapEthernet(buildTcpPacket({ src: '10.0.0.1', dst: '192.168.0.1', srcPort: 1, dstPort: 80, ttl: 64, df: true, flags: TcpFlag.ack, window: 501 }));

  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4 << 20);
  let used = 0;
  const flush = (): void => {
    writeSync(fd, chunk, 0, used);
    used = 0;
  };
  chunk.writeUInt32LE(0xa1b2c3d4, 0);
  chunk.writeUInt16LE(2, 4);
  chunk.writeUInt16LE(4, 6);
  chunk.writeUInt32LE(65535, 16);
  chunk.writeUInt32LE(1, 20);
  used = 24;
  let state = 12345;
  const rand = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  let lastClient = 0;
  let lastPort = 1024;
  let lastServer = 0;
  let lastDport = 80;
  let lastSeq = 0;
  const base = 1700000000;
  for (let n = 0; n < total; n++) {
    const r = rand() % 100;
    let frame: Uint8Array;
    let client: number;
    let port: number;
    let server: number;
    let dport: number;
    let seq: number;
    let reply = false;
    if (r < 75 || n === 0) {
      frame = syns[rand() % syns.length];
      client = rand() % 50000;
      port = 1024 + (rand() % 60000);
      server = rand() % 64;
      dport = (frame[36] << 8) | frame[37];
      seq = rand();
      [lastClient, lastPort, lastServer, lastDport, lastSeq] = [client, port, server, dport, seq];
    } else {
      frame = r < 95 ? synAck : ack;
      reply = r < 95;
      [client, port, server, dport, seq] = [lastClient, lastPort, lastServer, lastDport, lastSeq];
    }
    if (used + 16 + frame.length > chunk.length) flush();
    const micros = n * 1000;
    chunk.writeUInt32LE(base + Math.floor(micros / 1e6), used);
    chunk.writeUInt32LE(micros % 1e6, used + 4);
    chunk.writeUInt32LE(frame.length, used + 8);
    chunk.writeUInt32LE(frame.length, used + 12);
    used += 16;
    const at = used;
    chunk.set(frame, at);
    used += frame.length;
    // Client 10.a.b.c and server 192.168.0.s; ports; sequence numbers.
    const cli = at + (reply ? 30 : 26);
    const srv = at + (reply ? 26 : 30);
    chunk[cli + 1] = (client >> 16) & 0xff;
    chunk[cli + 2] = (client >> 8) & 0xff;
    chunk[cli + 3] = (client & 0xff) | 1;
    chunk[srv + 3] = server + 1;
    chunk.writeUInt16BE(port, at + (reply ? 36 : 34));
    chunk.writeUInt16BE(dport, at + (reply ? 34 : 36));
    if (reply) {
      chunk.writeUInt32BE(rand(), at + 38);
      chunk.writeUInt32BE((seq + 1) >>> 0, at + 42);
    } else if (frame === ack) {
      chunk.writeUInt32BE((seq + 1) >>> 0, at + 38);
    } else {
      chunk.writeUInt32BE(seq, at + 38);
    }
  }
  flush();
  closeSync(fd);
}

interface Timed {
  readonly seconds: number;
  /** User + system CPU seconds of the child (from /usr/bin/time), null if unavailable. */
  readonly cpuSeconds: number | null;
  readonly status: number | null;
  readonly stdoutTail: string;
}

function timeRun(command: string, args: readonly string[]): Timed {
  // stdout goes to /dev/null (as `p0f -r FILE > /dev/null`); the log file is written for real.
  const devNull = openSync('/dev/null', 'w');
  const start = process.hrtime.bigint();
  // CPU time is reported too: on a busy machine wall-clock figures mostly measure the neighbours.
  const timed = existsSync('/usr/bin/time');
  const [cmd, argv] = timed ? ['/usr/bin/time', ['-f', 'CPU %U %S', command, ...args]] : [command, [...args]];
  const r = spawnSync(cmd, argv, { env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', devNull, 'pipe'], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(devNull);
  const stderr = r.stderr?.toString('latin1') ?? '';
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null, status: r.status, stdoutTail: stderr.slice(-300) };
}

interface LogTally {
  readonly lines: number;
  /** Lines per `mod=` value (`syn`, `http request`, ...). */
  readonly mods: ReadonlyMap<string, number>;
}

function tallyLog(path: string): LogTally {
  const mods = new Map<string, number>();
  let lines = 0;
  const countLine = (line: string): void => {
    lines++;
    const at = line.indexOf('mod=');
    if (at < 0) return;
    const bar = line.indexOf('|', at);
    const mod = line.slice(at + 4, bar < 0 ? line.length : bar);
    mods.set(mod, (mods.get(mod) ?? 0) + 1);
  };
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  let carry = '';
  for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
    const text = carry + buf.toString('latin1', 0, n);
    const parts = text.split('\n');
    carry = parts.pop() ?? '';
    for (const line of parts) countLine(line);
  }
  closeSync(fd);
  if (carry !== '') countLine(carry);
  return { lines, mods };
}

function fmtRate(n: number, seconds: number): string {
  return `${Math.round(n / seconds).toLocaleString('en-US')} packets/s`;
}

interface SideBySideRow {
  readonly label: string;
  readonly timed: Timed;
  readonly log: LogTally;
}

/** Replays `pcap` with the real p0f and both p0f-ts matchers: `-r FILE -o LOG > /dev/null`, TZ=UTC. */
function sideBySide(title: string, pcap: string, packets: number): SideBySideRow[] {
  console.log(`\n== end to end, ${title}: -r FILE -o LOG > /dev/null, TZ=UTC (wall clock, including start-up) ==`);
  const rows: SideBySideRow[] = [];
  const runs: [string, string, string[]][] = [];
  if (existsSync(REAL_P0F)) runs.push(['p0f 3.09b', REAL_P0F, []]);
  runs.push(['p0f-ts (compiled)', process.execPath, ['bin/p0f-ts.js', '--compat', '3.09b']]);
  runs.push(['p0f-ts (interpreted)', process.execPath, ['bin/p0f-ts.js', '--compat', '3.09b', '--matcher', 'interpreted']]);
  for (const [label, cmd, pre] of runs) {
    const log = join(OUT_DIR, 'bench.log');
    rmSync(log, { force: true });
    const t = timeRun(cmd, [...pre, '-r', pcap, '-o', log]);
    const tally = existsSync(log) ? tallyLog(log) : { lines: 0, mods: new Map<string, number>() };
    rmSync(log, { force: true });
    if (t.status !== 0) console.log(`${label}: exit ${t.status}: ${t.stdoutTail}`);
    rows.push({ label, timed: t, log: tally });
    const cpu = t.cpuSeconds === null ? '' : `   CPU ${t.cpuSeconds.toFixed(2)} s = ${fmtRate(packets, t.cpuSeconds)}`;
    console.log(`${label.padEnd(22)} wall ${t.seconds.toFixed(2).padStart(7)} s = ${fmtRate(packets, t.seconds).padStart(18)}${cpu}   ${tally.lines.toLocaleString('en-US')} log lines`);
  }
  const real = rows.find((r) => r.label === 'p0f 3.09b');
  const ours = rows.find((r) => r.label === 'p0f-ts (compiled)');
  if (real && ours) {
    const cpuRatio = real.timed.cpuSeconds !== null && ours.timed.cpuSeconds !== null ? `, by CPU time ${(real.timed.cpuSeconds / ours.timed.cpuSeconds).toFixed(2)}x` : '';
    console.log(`throughput ratio p0f-ts / p0f: wall ${(real.timed.seconds / ours.timed.seconds).toFixed(2)}x${cpuRatio}`);
  }
  return rows;
}

function ensureCapture(pcap: string, describe: string, write: () => void): void {
  if (existsSync(pcap)) return;
  const t0 = Date.now();
  write();
  console.log(`generated ${pcap} (${describe}, ${(statSync(pcap).size / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function synEndToEnd(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const pcap = join(OUT_DIR, `syn-heavy-${PACKETS}.pcap`);
  ensureCapture(pcap, `${PACKETS.toLocaleString('en-US')} packets`, () => writeBenchCapture(pcap, PACKETS));
  sideBySide(`SYN-heavy, ${PACKETS.toLocaleString('en-US')} packets`, pcap, PACKETS);
}

const HTTP_MODS = ['http request', 'http response'] as const;

function httpEndToEnd(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const packets = HTTP_CONNECTIONS * HTTP_BENCH_PACKETS_PER_CONNECTION;
  // The file name carries a format version: bump it when the generator changes.
  const pcap = join(OUT_DIR, `http-heavy-v1-${HTTP_CONNECTIONS}.pcap`);
  const describe = `${HTTP_CONNECTIONS.toLocaleString('en-US')} connections, ${packets.toLocaleString('en-US')} packets`;
  ensureCapture(pcap, describe, () => writeHttpBenchCapture(pcap, HTTP_CONNECTIONS));
  const rows = sideBySide(`HTTP-heavy, ${describe}`, pcap, packets);
  for (const row of rows) {
    const counts = HTTP_MODS.map((mod) => `${(row.log.mods.get(mod) ?? 0).toLocaleString('en-US')} ${mod}`).join(', ');
    console.log(`${row.label.padEnd(22)} ${counts}`);
  }
  const real = rows.find((r) => r.label === 'p0f 3.09b');
  if (real === undefined) {
    console.log(`(no ${REAL_P0F}: HTTP event counts not compared)`);
    return;
  }
  for (const mod of HTTP_MODS) {
    const expected = real.log.mods.get(mod) ?? 0;
    for (const row of rows) {
      const got = row.log.mods.get(mod) ?? 0;
      if (row !== real && got !== expected) {
        console.log(`WARNING: ${row.label} logged ${got.toLocaleString('en-US')} '${mod}' lines, p0f 3.09b ${expected.toLocaleString('en-US')}`);
      }
    }
    if (expected !== HTTP_CONNECTIONS) {
      console.log(`note: p0f 3.09b logged ${expected.toLocaleString('en-US')} '${mod}' lines for ${HTTP_CONNECTIONS.toLocaleString('en-US')} connections`);
    }
  }
}

const OTHER_SCRIPTS = ['bench-match.ts', 'bench-http.ts', 'bench-decode.ts', 'bench-flood.ts', 'bench-lint.ts', 'bench-api.ts'];

/** The flood compares with the real p0f on its first 200k packets (p0f needs ~40 s for them at the largest limits). */
const SCRIPT_ARGS: Readonly<Record<string, readonly string[]>> = { 'bench-flood.ts': ['2000000', '1', '--p0f=200000'] };

function others(): void {
  for (const script of OTHER_SCRIPTS) {
    const path = join('scripts', script);
    if (!existsSync(path)) {
      console.log(`\n== ${script}: not present ==`);
      continue;
    }
    console.log(`\n== ${script} ==`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path, ...(SCRIPT_ARGS[script] ?? [])], { stdio: 'inherit', timeout: 15 * 60_000 });
    if (r.status !== 0) console.log(`(${script} exited with ${r.status ?? r.signal})`);
  }
}

if (ONLY === null || ONLY === 'e2e' || ONLY === 'syn') synEndToEnd();
if (ONLY === null || ONLY === 'e2e' || ONLY === 'http') httpEndToEnd();
if (ONLY === null || ONLY === 'others') others();
