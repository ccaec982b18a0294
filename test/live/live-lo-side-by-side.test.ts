/**
 * p0f-ts and the real p0f 3.09b watch the same loopback traffic (real TCP connections
 * over 127.0.0.1 and ::1, and real HTTP requests) and must report the same events and
 * give the same API answers, log-line times aside. Both read the kernel's capture
 * timestamps, so uptime measurements agree too (see uptime-lines.ts for the one way they
 * can legitimately differ).
 *
 * Uptime needs two packets of one TCP-timestamp clock at least 25 ms apart (spec §8.5).
 * p0f pairs a packet with its host's previous SYN (or SYN+ACK) of any connection, but
 * Linux gives every connection its own random timestamp offset (net.ipv4.tcp_timestamps=1;
 * seen on `lo`: consecutive SYNs' TSvals are unrelated), so across connections the rate is
 * garbage and rejected, and a rejected SYN+ACK also gives up the server side of its flow.
 * So each address family starts with a connection that has no earlier one to be compared
 * with and stays idle for SPACING_MS after its handshake: its HTTP request and response
 * are then measured against its own SYN and SYN+ACK, a client and a server uptime line in
 * every run. (HTTP, because a payload that is not HTTP ends p0f's flow at once.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLive } from '../../runtime/cli/live-mode.js';
import { parseP0fFlags, type P0fOptions } from '../../runtime/cli/p0f-flags.js';
import type { ApiResponse } from '../../runtime/api/api-wire.js';
import { ipv4Query, ipv6Query, queryOnce } from '../runtime/api/api-client.js';
import {
  closeServer,
  httpGet,
  idleThenHttpGet,
  memoryIo,
  readLines,
  startEchoServer,
  startHttpServer,
  startRealP0f,
  tcpExchange,
  waitFor,
  waitForSocket,
  withoutTime,
  type RealP0f,
} from './live-harness.js';
import { stockMatchers } from './live-matchers.js';
import { rawFreqHz, sameTicksOverAdjacentIntervals, withoutRawFreq } from './uptime-lines.js';

const PORT = 42000 + (process.pid % 1000);
const HTTP_PORT = PORT + 1000;
const FILTER = `port ${PORT} or port ${HTTP_PORT}`;
/**
 * Idle time of the spaced connections: far above p0f's 25 ms minimum, and long enough that
 * a 1 ms difference in the interval cannot change the snapped clock rate.
 */
const SPACING_MS = 250;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0';
/**
 * The last connection runs between two other loopback addresses: once both programs have
 * logged its SYN, they have processed every earlier packet, and its own later packets
 * (whose events may or may not be written yet) touch no host the test compares.
 */
const MARKER_CLIENT = '127.0.0.2';
const MARKER_SERVER = '127.0.0.3';

let dir: string;
let real: RealP0f;
let ours: Promise<number>;
const io = memoryIo();
const stop = new AbortController();
let realLog: string;
let ourLog: string;
let realSock: string;
let ourSock: string;
let trafficStarted = 0;
/** Client ports of the spaced connections (IPv4, IPv6). */
let spacedPorts: number[] = [];

function options(argv: string[]): P0fOptions {
  const parsed = parseP0fFlags(argv);
  if (parsed.kind !== 'run') throw new Error(`unexpected flags result ${parsed.kind}`);
  return parsed.options;
}

/**
 * Everything but first/last seen: those are whole seconds of capture time, and each capture
 * handle stamps packets itself (see uptime-lines.ts), so a second boundary can fall between
 * the two stamps of one packet. Uptime minutes and the wrap period stay in.
 */
function apiComparable(response: ApiResponse): Record<string, unknown> {
  const { firstSeen, lastSeen, ...rest } = response;
  void firstSeen;
  void lastSeen;
  return rest;
}

/** The log's lines up to the marker connection, without their times. */
function observed(log: string): string[] {
  return readLines(log)
    .map(withoutTime)
    .filter((line) => !line.includes(`|cli=${MARKER_CLIENT}/`));
}

function uptimeLines(log: string): string[] {
  return observed(log).filter((line) => line.startsWith('mod=uptime|'));
}

function markerLogged(log: string): boolean {
  return readLines(log).some((line) => line.includes(`mod=syn|cli=${MARKER_CLIENT}/`));
}

/** The uptime lines of the spaced connections: client and server side for each port. */
function spacedUptimeLines(lines: readonly string[]): string[] {
  return lines.filter((line) => spacedPorts.some((port) => line.includes(`/${port}|srv=`)));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-live-'));
  realLog = path.join(dir, 'real.log');
  ourLog = path.join(dir, 'ours.log');
  realSock = path.join(dir, 'real.sock');
  ourSock = path.join(dir, 'ours.sock');
  real = startRealP0f(['-i', 'lo', '-o', realLog, '-s', realSock, FILTER]);
  ours = runLive({ options: options(['-i', 'lo', '-o', ourLog, '-s', ourSock, FILTER]), matchers: stockMatchers(), stopSignal: stop.signal }, io);
  await waitForSocket(realSock);
  await waitFor('p0f-ts main loop', () => io.stdout.includes('[+] Entered main event loop.'));

  const v4 = await startEchoServer('127.0.0.1', PORT);
  const v6 = await startEchoServer('::1', PORT);
  const web = await startHttpServer('127.0.0.1', HTTP_PORT);
  const web6 = await startHttpServer('::1', HTTP_PORT);
  const marker = await startEchoServer(MARKER_SERVER, PORT);
  trafficStarted = Date.now();
  try {
    // Sequential, so both observers see one well-defined order. First the spaced
    // connections, the first traffic of 127.0.0.1 and ::1 (see the top of the file).
    spacedPorts = [await idleThenHttpGet('127.0.0.1', HTTP_PORT, SPACING_MS, FIREFOX), await idleThenHttpGet('::1', HTTP_PORT, SPACING_MS, FIREFOX)];
    for (let i = 0; i < 3; i++) {
      await tcpExchange('127.0.0.1', PORT);
      await tcpExchange('::1', PORT);
    }
    expect(await httpGet('127.0.0.1', HTTP_PORT, FIREFOX)).toBe(200);
    await tcpExchange(MARKER_SERVER, PORT, { address: MARKER_CLIENT });
  } finally {
    for (const server of [v4, v6, web, web6, marker]) await closeServer(server);
  }
  await waitFor('real p0f to log the marker SYN', () => markerLogged(realLog));
  await waitFor('p0f-ts to log the marker SYN', () => markerLogged(ourLog));
}, 60_000);

afterAll(async () => {
  stop.abort();
  real.child.kill('SIGINT');
  await Promise.all([ours, real.exited]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('live capture on lo, side by side with the real p0f', () => {
  it('prints the start-up lines p0f prints for a live capture', () => {
    expect(io.stdout).toContain("[+] Intercepting traffic on interface 'lo'.\n");
    expect(io.stdout).toContain(`[+] Custom filtering rule enabled: ${FILTER} [+VLAN]\n`);
    expect(io.stdout).toContain(`[+] Log file '${ourLog}' opened for writing.\n`);
    expect(io.stdout).toContain(`[+] Listening on API socket '${ourSock}' (max 20 clients).\n`);
    // The same lines, in the same order, as the real p0f (its output up to the loop).
    const realStatus = real.stdout.split('\n').filter((l) => /^\[\+\] (Intercepting|Custom|Log file|Listening)/.test(l));
    const ourStatus = io.stdout.split('\n').filter((l) => /^\[\+\] (Intercepting|Custom|Log file|Listening)/.test(l));
    expect(ourStatus.map((l) => l.replace(ourLog, 'LOG').replace(ourSock, 'SOCK'))).toEqual(
      realStatus.map((l) => l.replace(realLog, 'LOG').replace(realSock, 'SOCK')),
    );
  });

  it('logs the same syn, syn+ack, mtu and http events as the real p0f', () => {
    const keep = (line: string): boolean => !line.includes('mod=uptime|');
    const realLines = observed(realLog).filter(keep);
    const ourLines = observed(ourLog).filter(keep);
    // syn, mtu, syn+ack, mtu for each of 9 connections, and 3 http requests.
    expect(realLines.length).toBeGreaterThanOrEqual(9 * 4 + 3);
    expect(ourLines).toEqual(realLines);
    // Both address families were seen.
    expect(ourLines.some((l) => l.startsWith('mod=syn|cli=0:0:0:0:0:0:0:1/'))).toBe(true);
    expect(ourLines.some((l) => l.startsWith('mod=http request|cli=127.0.0.1/'))).toBe(true);
  });

  it('logs the same uptime lines as the real p0f', () => {
    const realLines = uptimeLines(realLog);
    const ourLines = uptimeLines(ourLog);
    // The spaced connections were measured on both sides, in both families (by the real p0f).
    const spaced = spacedUptimeLines(realLines);
    for (const port of spacedPorts) {
      for (const subj of ['cli', 'srv']) expect(spaced.filter((l) => l.includes(`/${port}|srv=`) && l.includes(`|subj=${subj}|`))).toHaveLength(1);
    }
    // Every field but raw_freq, uptime= included, is identical, line for line.
    expect(ourLines.map(withoutRawFreq)).toEqual(realLines.map(withoutRawFreq));
    // raw_freq too, except where a millisecond boundary fell between the two programs'
    // stamps of one packet (uptime-lines.ts): then the rates are the same tick count over
    // intervals 1-2 ms apart. That needs a boundary within ~1 µs of a stamp (~0.1 % per
    // measurement), so more than one such line in a run means a real disagreement.
    const differing = ourLines.flatMap((line, i) => (rawFreqHz(line) === rawFreqHz(realLines[i]) ? [] : [i]));
    expect(differing.length).toBeLessThanOrEqual(1);
    const longestInterval = Date.now() - trafficStarted + 1000;
    for (const i of differing) {
      const explained = sameTicksOverAdjacentIntervals(rawFreqHz(realLines[i]) ?? NaN, rawFreqHz(ourLines[i]) ?? NaN, longestInterval);
      expect(explained, `${realLines[i]}\n${ourLines[i]}`).not.toBeNull();
    }
  });

  it('answers API queries like the real p0f (all fields but first/last seen)', async () => {
    const queries = [ipv4Query('127.0.0.1'), ipv6Query([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), ipv4Query('192.0.2.99')];
    for (const query of queries) {
      const fromReal = await queryOnce(realSock, query);
      const fromOurs = await queryOnce(ourSock, query);
      expect(apiComparable(fromOurs)).toEqual(apiComparable(fromReal));
    }
    // Both local hosts had an uptime measured (so the comparison above covered one).
    for (const query of queries.slice(0, 2)) {
      const fromReal = await queryOnce(realSock, query);
      expect(fromReal.upModDays).toBeGreaterThan(0);
    }
    const local = await queryOnce(ourSock, queries[0]);
    expect(local.status).toBe(0x10);
    expect(local.totalConnections).toBeGreaterThanOrEqual(9);
  });
});
