/**
 * SYN-flood benchmark for the packet processor: two million SYNs from random spoofed
 * sources, generated in memory, at several `-m conns,hosts` limits. Prints packets/s,
 * peak RSS and the table sizes for each setting. Each setting runs in its own child
 * process so peak RSS figures do not mix.
 *
 *   npx tsx scripts/bench-flood.ts [packets] [repeats] [--p0f[=packets]]
 *
 * With --p0f the flood (by default the same number of packets) is also written to a
 * temporary pcap and replayed by the real p0f (`/usr/sbin/p0f -r FILE -m c,h`, stdout to
 * /dev/null) for comparison. p0f slows down a lot as the limits rise, so a smaller count
 * keeps that part short.
 *
 * With repeats > 1 each setting is run that many times and the fastest run is shown
 * (the machine's other load only ever slows a run down).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureRecord } from '../runtime/capture/capture-record.js';
import { loadMatcherSet, type MatcherSet } from '../runtime/match/matcher-set.js';
import { createPacketProcessor } from '../runtime/process/packet-processor.js';
import { buildTcpPacket, TcpFlag, tcpOpt, wrapEthernet } from '../runtime/synth/packet-builder.js';

const SETTINGS: readonly (readonly [number, number])[] = [
  [1000, 10000],
  [10000, 100000],
  [100000, 500000],
];

async function loadMatchers(): Promise<MatcherSet> {
  const r = await loadMatcherSet({ fpPath: null, matcher: 'compiled' });
  if (!r.ok) {
    process.stderr.write(`cannot load the signature database: ${r.message}\n`);
    process.exit(2);
  }
  return r.set;
}

/** The flood's packets: one reused frame, mutated in place (source address, port, ISN). */
class FloodSource {
  readonly frame = wrapEthernet(buildTcpPacket({
    src: '10.0.0.1', dst: '198.18.0.1', srcPort: 40000, dstPort: 80, ttl: 64, df: true, ipId: 1,
    seq: 1, flags: TcpFlag.syn, window: 29200,
    options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(1, 0), tcpOpt.nop(), tcpOpt.ws(7)],
    checksums: false,
  }));
  private x = 0x9e3779b9;

  private next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x >>> 0;
    return this.x;
  }

  /** Rewrites the frame as packet `i`; returns its capture second (20 000 packets per second). */
  advance(i: number): number {
    const f = this.frame;
    const r = this.next();
    f[26] = r >>> 24; f[27] = r >>> 16; f[28] = r >>> 8; f[29] = r;
    const s = this.next();
    f[34] = s >>> 24; f[35] = s >>> 16; f[38] = s >>> 8; f[41] = s;
    return 1_500_000_000 + Math.floor(i / 20000);
  }
}

/** Streams the flood into a classic pcap file. */
function writeFloodPcap(path: string, packets: number): void {
  const src = new FloodSource();
  const len = src.frame.length;
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  writeSync(fd, header);
  let used = 0;
  for (let i = 0; i < packets; i++) {
    if (used + 16 + len > chunk.length) {
      writeSync(fd, chunk, 0, used);
      used = 0;
    }
    const sec = src.advance(i);
    chunk.writeUInt32LE(sec, used);
    chunk.writeUInt32LE((i % 20000) * 50, used + 4);
    chunk.writeUInt32LE(len, used + 8);
    chunk.writeUInt32LE(len, used + 12);
    chunk.set(src.frame, used + 16);
    used += 16 + len;
  }
  writeSync(fd, chunk, 0, used);
  closeSync(fd);
}

async function runOne(packets: number, maxConnections: number, maxHosts: number): Promise<void> {
  const matchers = await loadMatchers();
  const database = matchers.database;
  let events = 0;
  const processor = createPacketProcessor({
    matchers,
    compat: false,
    maxConnections,
    maxHosts,
    connectionMaxAgeSeconds: 30,
    hostIdleLimitMinutes: 120,
    readingFile: true,
    emit: () => {
      events++;
    },
    warn: () => {},
  });
  const src = new FloodSource();
  const frame = src.frame;
  const record: CaptureRecord = { data: frame, capturedLength: frame.length, originalLength: frame.length, seconds: 1_500_000_000, microseconds: 0, linkType: 1 };
  let peakRss = process.memoryUsage.rss();
  const start = process.hrtime.bigint();
  // The last quarter runs with full tables (steady state: every SYN evicts something).
  const tailFrom = Math.floor((packets * 3) / 4);
  let tailStart = start;
  for (let i = 0; i < packets; i++) {
    if (i === tailFrom) tailStart = process.hrtime.bigint();
    record.seconds = src.advance(i);
    record.microseconds = (i % 20000) * 50;
    processor.process(record);
    if ((i & 0xffff) === 0) {
      const rss = process.memoryUsage.rss();
      if (rss > peakRss) peakRss = rss;
    }
  }
  const end = process.hrtime.bigint();
  const ns = Number(end - start);
  const tailNs = Number(end - tailStart);
  const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const result = {
    maxConnections, maxHosts, packets,
    packetsPerSecond: Math.round(packets / (ns / 1e9)),
    lastQuarterPacketsPerSecond: Math.round((packets - tailFrom) / (tailNs / 1e9)),
    peakRssMiB: Math.round(maxRss / 1048576),
    hosts: processor.hosts.count,
    flows: processor.flows.count,
    events,
    database: database.source.file,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

interface FloodResult {
  packetsPerSecond: number;
  lastQuarterPacketsPerSecond: number;
  peakRssMiB: number;
  hosts: number;
  flows: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    await runOne(Number(args[1]), Number(args[2]), Number(args[3]));
    return;
  }
  const p0fArg = args.find((a) => a.startsWith('--p0f'));
  const numeric = args.filter((a) => !a.startsWith('--p0f'));
  const packets = Number(numeric[0] ?? 2_000_000);
  const repeats = Math.max(1, Number(numeric[1] ?? 1));
  const self = fileURLToPath(import.meta.url);
  console.log(`SYN flood, ${packets} packets from random spoofed sources (default mode, -t 30,120)`);
  console.log('-m conns,hosts     packets/s  last 1/4 p/s   peak RSS   hosts kept  flows kept');
  for (const [c, h] of SETTINGS) {
    let best: FloodResult | null = null;
    let failure = '';
    for (let i = 0; i < repeats; i++) {
      const child = spawnSync(process.execPath, [...process.execArgv, self, '--one', String(packets), String(c), String(h)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      try {
        const r = JSON.parse(line) as FloodResult;
        if (best === null || r.packetsPerSecond > best.packetsPerSecond) best = r;
      } catch {
        failure = `run failed (${child.status}): ${line}`;
      }
    }
    if (best === null) {
      console.log(`${c},${h}: ${failure}`);
      continue;
    }
    const r = best;
    console.log(
      `${`${c},${h}`.padEnd(16)} ${String(r.packetsPerSecond).padStart(10)} ${String(r.lastQuarterPacketsPerSecond).padStart(13)} ${`${r.peakRssMiB} MiB`.padStart(10)} ${String(r.hosts).padStart(12)} ${String(r.flows).padStart(11)}`,
    );
  }
  if (p0fArg !== undefined) benchRealP0f(p0fArg.includes('=') ? Number(p0fArg.split('=')[1]) : packets);
}

function benchRealP0f(packets: number): void {
  const P0F = '/usr/sbin/p0f';
  if (!existsSync(P0F)) {
    console.log('real p0f: not installed');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-flood-'));
  try {
    const pcap = join(dir, 'flood.pcap');
    writeFloodPcap(pcap, packets);
    console.log(`real p0f 3.09b, first ${packets} packets of the same flood (-r, pretty output to /dev/null):`);
    for (const [c, h] of SETTINGS) {
      const start = process.hrtime.bigint();
      const out = openSync('/dev/null', 'w');
      const child = spawnSync('/usr/bin/time', ['-f', '%M', P0F, '-r', pcap, '-m', `${c},${h}`], {
        stdio: ['ignore', out, 'pipe'], encoding: 'utf8',
      });
      closeSync(out);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const kib = Number((child.stderr ?? '').trim().split('\n').pop());
      const rss = Number.isFinite(kib) ? `${Math.round(kib / 1024)} MiB` : '?';
      console.log(`${`${c},${h}`.padEnd(16)} ${String(Math.round(packets / seconds)).padStart(10)} p/s ${rss.padStart(10)}   (exit ${child.status})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
