/**
 * SYN-flood benchmark for the packet processor: two million SYNs from random spoofed
 * sources, generated in memory, at several `-m conns,hosts` limits. Prints packets/s,
 * peak RSS and the table sizes for each setting. Each setting runs in its own child
 * process so peak RSS figures do not mix.
 *
 *   npx tsx scripts/bench-flood.ts [packets] [repeats]
 *
 * With repeats > 1 each setting is run that many times and the fastest run is shown
 * (the machine's other load only ever slows a run down).
 */
import { spawnSync } from 'node:child_process';
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
  const frame = wrapEthernet(buildTcpPacket({
    src: '10.0.0.1', dst: '198.18.0.1', srcPort: 40000, dstPort: 80, ttl: 64, df: true, ipId: 1,
    seq: 1, flags: TcpFlag.syn, window: 29200,
    options: [tcpOpt.mss(1460), tcpOpt.sok(), tcpOpt.ts(1, 0), tcpOpt.nop(), tcpOpt.ws(7)],
    checksums: false,
  }));
  const record: CaptureRecord = { data: frame, capturedLength: frame.length, originalLength: frame.length, seconds: 1_500_000_000, microseconds: 0, linkType: 1 };
  const SRC = 14 + 12;
  const SPORT = 14 + 20;
  const SEQ = 14 + 24;
  let x = 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  let peakRss = process.memoryUsage.rss();
  const start = process.hrtime.bigint();
  // The last quarter runs with full tables (steady state: every SYN evicts something).
  const tailFrom = Math.floor((packets * 3) / 4);
  let tailStart = start;
  for (let i = 0; i < packets; i++) {
    if (i === tailFrom) tailStart = process.hrtime.bigint();
    const r = next();
    frame[SRC] = r >>> 24;
    frame[SRC + 1] = r >>> 16;
    frame[SRC + 2] = r >>> 8;
    frame[SRC + 3] = r;
    const s = next();
    frame[SPORT] = s >>> 24;
    frame[SPORT + 1] = s >>> 16;
    frame[SEQ] = s >>> 8;
    frame[SEQ + 3] = s;
    // 20 000 packets per simulated second, so expiry runs too.
    record.seconds = 1_500_000_000 + Math.floor(i / 20000);
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
  const packets = Number(args[0] ?? 2_000_000);
  const repeats = Math.max(1, Number(args[1] ?? 1));
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
}

void main();
