/**
 * The `cap` fallback of live capture (used when the native helper is not built), forced
 * with P0F_TS_CAPTURE=cap, next to the native reader (P0F_TS_CAPTURE=native) and the real
 * p0f 3.09b, all three on `lo` watching the same connections. Which reader a capture
 * worker really uses is read from the shared objects it has mapped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeServer,
  descendantPids,
  mappedFiles,
  readLines,
  startEchoServer,
  startP0fTs,
  startRealP0f,
  tcpExchange,
  waitFor,
  waitForSocket,
  withoutTime,
  type RealP0f,
} from './live-harness.js';

const PORT = 48000 + (process.pid % 1000);
const FILTER = `port ${PORT}`;
const CONNECTIONS = 3;

let dir: string;
let real: RealP0f;
let viaCap: RealP0f;
let viaNative: RealP0f;
const logs = { real: '', cap: '', native: '' };
/** Shared objects of each p0f-ts capture worker, read while it runs. */
const workerFiles: { cap: string[]; native: string[] } = { cap: [], native: [] };

function workerPid(parent: number): number | null {
  for (const pid of descendantPids(parent)) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('live-capture-worker')) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const ready = (p: RealP0f): boolean => p.stdout.includes('[+] Entered main event loop.') || p.stderr.includes('[-]') || p.child.exitCode !== null;
const handshakeLines = (lines: readonly string[]): string[] => lines.filter((l) => l.includes('mod=syn|') || l.includes('mod=syn+ack|'));
const serverMtuCount = (file: string): number => readLines(file).filter((l) => l.includes('mod=mtu|') && l.includes('|subj=srv|')).length;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-cap-'));
  logs.real = path.join(dir, 'real.log');
  logs.cap = path.join(dir, 'cap.log');
  logs.native = path.join(dir, 'native.log');
  real = startRealP0f(['-i', 'lo', '-o', logs.real, '-s', path.join(dir, 'real.sock'), FILTER]);
  viaCap = startP0fTs(['-i', 'lo', '-o', logs.cap, FILTER], { P0F_TS_CAPTURE: 'cap' });
  viaNative = startP0fTs(['-i', 'lo', '-o', logs.native, FILTER], { P0F_TS_CAPTURE: 'native' });
  await waitForSocket(path.join(dir, 'real.sock'));
  await waitFor('p0f-ts (cap) main loop', () => ready(viaCap), 60_000);
  await waitFor('p0f-ts (native) main loop', () => ready(viaNative), 60_000);
  for (const [reader, observer] of [['cap', viaCap], ['native', viaNative]] as const) {
    const worker = observer.child.pid === undefined ? null : workerPid(observer.child.pid);
    if (worker !== null) workerFiles[reader] = mappedFiles(worker);
  }

  const v4 = await startEchoServer('127.0.0.1', PORT);
  const v6 = await startEchoServer('::1', PORT);
  try {
    for (let i = 0; i < CONNECTIONS; i++) {
      await tcpExchange('127.0.0.1', PORT);
      await tcpExchange('::1', PORT);
    }
  } finally {
    await closeServer(v4);
    await closeServer(v6);
  }
  // Each connection's last handshake event is its server-side mtu line.
  await waitFor('real p0f to log every handshake', () => serverMtuCount(logs.real) >= 2 * CONNECTIONS);
  // A reader that loses packets is the tests' failure to report, not a set-up error.
  await waitFor('p0f-ts (cap) to log every handshake', () => serverMtuCount(logs.cap) >= 2 * CONNECTIONS, 5_000).catch(() => undefined);
  await waitFor('p0f-ts (native) to log every handshake', () => serverMtuCount(logs.native) >= 2 * CONNECTIONS, 5_000).catch(() => undefined);
}, 90_000);

afterAll(async () => {
  for (const p of [real, viaCap, viaNative]) p.child.kill('SIGINT');
  await Promise.all([real.exited, viaCap.exited, viaNative.exited]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('live capture through the cap fallback (P0F_TS_CAPTURE=cap)', () => {
  it('starts like p0f, on both readers', () => {
    for (const p of [viaCap, viaNative]) {
      expect(p.stderr).toBe('');
      expect(p.stdout).toContain("[+] Intercepting traffic on interface 'lo'.\n");
      expect(p.stdout).toContain(`[+] Custom filtering rule enabled: ${FILTER} [+VLAN]\n`);
      expect(p.stdout).toContain('[+] Entered main event loop.\n');
    }
  });

  it('reads through cap only when told to', () => {
    const named = (files: readonly string[], name: string): boolean => files.some((f) => path.basename(f) === name);
    expect(named(workerFiles.cap, 'cap.node')).toBe(true);
    expect(named(workerFiles.cap, 'p0f_native.node')).toBe(false);
    expect(named(workerFiles.native, 'p0f_native.node')).toBe(true);
    expect(named(workerFiles.native, 'cap.node')).toBe(false);
  });

  it('logs the syn and syn+ack lines the real p0f logs, as the native reader does', () => {
    const realLines = handshakeLines(readLines(logs.real).map(withoutTime));
    expect(realLines).toHaveLength(4 * CONNECTIONS);
    expect(realLines.some((l) => l.startsWith('mod=syn|cli=0:0:0:0:0:0:0:1/'))).toBe(true);
    expect(handshakeLines(readLines(logs.cap).map(withoutTime))).toEqual(realLines);
    expect(handshakeLines(readLines(logs.native).map(withoutTime))).toEqual(realLines);
  });

  it('stamps packets with the time they arrived (cap hides the kernel stamp): the same second as p0f, give or take one', () => {
    const seconds = (line: string): number => {
      const m = /^\[(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\] /.exec(line);
      if (m === null) throw new Error(`no time in ${line}`);
      return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
    };
    const realTimes = handshakeLines(readLines(logs.real)).map(seconds);
    const capTimes = handshakeLines(readLines(logs.cap)).map(seconds);
    expect(capTimes).toHaveLength(realTimes.length);
    // cap's stamp is taken on delivery, a little after the kernel's, so a second boundary may lie between them.
    capTimes.forEach((t, i) => expect(Math.abs(t - realTimes[i])).toBeLessThanOrEqual(1));
  });
});

describe('P0F_TS_CAPTURE validation', () => {
  it('rejects an unknown reader name with p0f-style fatal error and exit status 1', async () => {
    const bad = startP0fTs(['-i', 'lo', FILTER], { P0F_TS_CAPTURE: 'pcapng' });
    expect(await bad.exited).toBe(1);
    await waitFor('the error text', () => bad.stderr.includes('PROGRAM ABORT'), 5_000).catch(() => undefined);
    expect(bad.stderr).toContain("P0F_TS_CAPTURE must be 'auto', 'native' or 'cap', not 'pcapng'");
    expect(bad.stderr).toContain('[-] PROGRAM ABORT : ');
  });
});
