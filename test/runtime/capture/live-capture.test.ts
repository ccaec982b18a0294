/**
 * Live capture against real interfaces: -L against the real p0f's listing, the `any`
 * device (Linux cooked capture), a missing device, and an interface that disappears
 * while p0f-ts (and, for comparison, the real p0f) is capturing on it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDeviceList, linkTypeFromCapName, listCaptureDevices, openLiveCapture } from '../../../runtime/capture/live-capture.js';
import { listInterfaces, runLive } from '../../../runtime/cli/live-mode.js';
import { parseP0fFlags, type P0fOptions } from '../../../runtime/cli/p0f-flags.js';
import type { CaptureRecord } from '../../../runtime/capture/capture-record.js';
import { DecodedPacket, PacketDecoder } from '../../../runtime/decode/decode-packet.js';
import { BANNER } from '../../../runtime/output/status-lines.js';
import { memoryIo, readLines, startEchoServer, closeServer, startRealP0f, waitFor, REAL_P0F } from '../../live/live-harness.js';
import { stockMatchers } from '../../live/live-matchers.js';

function options(argv: string[]): P0fOptions {
  const parsed = parseP0fFlags(argv);
  if (parsed.kind !== 'run') throw new Error(`unexpected flags result ${parsed.kind}`);
  return parsed.options;
}

function sh(command: string, ...args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

describe('-L', () => {
  it('lists the interfaces exactly as the real p0f does', () => {
    const io = memoryIo();
    io.write(BANNER);
    expect(listInterfaces(io)).toBe(0);
    const fromP0f = spawnSync(REAL_P0F, ['-L'], { encoding: 'latin1' });
    expect(fromP0f.status).toBe(0);
    expect(io.stdout).toBe(fromP0f.stdout);
    expect(io.stdout).toContain('\n-- Available interfaces --\n');
  });

  it('formats devices without description or address with p0f placeholders', () => {
    const text = formatDeviceList([
      { name: 'lo', description: null, addresses: ['127.0.0.1', '::1'] },
      { name: 'any', description: 'Pseudo-device that captures on all interfaces', addresses: [] },
    ]);
    expect(text).toBe(
      '\n-- Available interfaces --\n' +
        '\n  0: Name        : lo\n     Description : -\n     IP address  : 127.0.0.1\n' +
        '\n  1: Name        : any\n     Description : Pseudo-device that captures on all interfaces\n     IP address  : (none)\n\n',
    );
    expect(listCaptureDevices().some((d) => d.name === 'lo')).toBe(true);
  });
});

describe('opening devices', () => {
  it('captures on `any` with the Linux cooked link type and yields records the decoder accepts', async () => {
    const port = 43000 + (process.pid % 1000);
    const records: CaptureRecord[] = [];
    const opened = await openLiveCapture(
      { device: 'any', filterFor: () => ({ ok: true, expression: `tcp and port ${port}` }) },
      {
        // The record object is reused; keep copies.
        onRecord: (r) => records.push({ ...r, data: r.data.slice() }),
        onDown: () => undefined,
        onWarning: () => undefined,
      },
    );
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    try {
      expect(opened.capture.linkType).toBe(113);
      opened.capture.start();
      const server = await startEchoServer('127.0.0.1', port);
      const { tcpExchange } = await import('../../live/live-harness.js');
      await tcpExchange('127.0.0.1', port);
      await closeServer(server);
      await waitFor('packets on any', () => records.length >= 3);
      // SLL header (16) + IPv4 (20) + TCP with options.
      expect(records[0].linkType).toBe(113);
      expect(records[0].capturedLength).toBeGreaterThanOrEqual(16 + 40);
      const decoder = new PacketDecoder({ compat: false });
      const packet = new DecodedPacket();
      expect(decoder.decode(records[0], packet)).toBe('ok');
      expect(packet.ipVersion).toBe(4);
      expect([packet.srcPort, packet.dstPort]).toContain(port);
      const now = Date.now() / 1000;
      expect(Math.abs(records[0].seconds - now)).toBeLessThan(60);
    } finally {
      await opened.capture.close();
    }
  });

  it('reports a missing device with the pcap_open_live error the real p0f prints', async () => {
    const io = memoryIo();
    const code = await runLive({ options: options(['-i', 'p0fts-none0']), matchers: stockMatchers() }, io);
    expect(code).toBe(1);
    const real = spawnSync(REAL_P0F, ['-i', 'p0fts-none0'], { encoding: 'latin1' });
    expect(real.status).toBe(1);
    expect(io.stdout).toContain("[+] Intercepting traffic on interface 'p0fts-none0'.\n");
    expect(io.stderr.split('\n')[0]).toBe(real.stderr.split('\n')[0]);
    expect(io.stderr).toContain('Location : prepare_pcap(), p0f.c:526');
  });

  it('rejects a bad filter expression with the messages the real p0f prints', async () => {
    const io = memoryIo();
    const code = await runLive({ options: options(['-i', 'lo', 'port port']), matchers: stockMatchers() }, io);
    const real = spawnSync(REAL_P0F, ['-i', 'lo', 'port port'], { encoding: 'latin1' });
    expect(code).toBe(1);
    expect(real.status).toBe(1);
    expect(io.stderr).toBe(real.stderr);
  });

  it('maps cap link-type names to LINKTYPE numbers', () => {
    expect(linkTypeFromCapName('ETHERNET')).toBe(1);
    expect(linkTypeFromCapName('LINKTYPE_LINUX_SLL')).toBe(113);
    expect(linkTypeFromCapName('RAW')).toBe(101);
    expect(linkTypeFromCapName('Unknown linktype 276')).toBe(276);
  });
});

describe('interface going away', () => {
  const tag = (process.pid % 10000).toString();
  const ns = `p0fts-dn${tag}`;
  const ours = `p0dA${tag}`;
  const theirs = `p0dC${tag}`;
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p0f-ts-down-'));
    sh('ip', 'netns', 'add', ns);
    // Our capture interface: its peer lives in the namespace and talks to us over it.
    sh('ip', 'link', 'add', ours, 'type', 'veth', 'peer', 'name', `p0dB${tag}`);
    sh('ip', 'link', 'set', `p0dB${tag}`, 'netns', ns);
    sh('ip', 'addr', 'add', '10.251.0.1/24', 'dev', ours);
    sh('ip', 'link', 'set', ours, 'up');
    sh('ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', '10.251.0.2/24', 'dev', `p0dB${tag}`);
    sh('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', `p0dB${tag}`, 'up');
    sh('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    // A second interface for the real p0f, removed the same way.
    sh('ip', 'link', 'add', theirs, 'type', 'veth', 'peer', 'name', `p0dD${tag}`);
    sh('ip', 'link', 'set', theirs, 'up');
  });

  afterAll(() => {
    for (const link of [ours, theirs]) spawnSync('ip', ['link', 'del', link]);
    spawnSync('ip', ['netns', 'del', ns]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('flushes the log, then stops with p0f\'s "interface is down" error when the interface is deleted', async () => {
    const log = path.join(dir, 'ours.log');
    const io = memoryIo();
    const running = runLive({ options: options(['-i', ours, '-o', log]), matchers: stockMatchers() }, io);
    const real = startRealP0f(['-i', theirs, '-o', path.join(dir, 'real.log')]);
    await waitFor('p0f-ts main loop', () => io.stdout.includes('[+] Entered main event loop.'));
    await waitFor('real p0f main loop', () => real.stdout.includes('[+] Entered main event loop.') || real.stdout.includes('Log file'));

    // Real traffic across the veth: a client in the namespace connects to us.
    const server = await startEchoServer('10.251.0.1', 8080);
    try {
      execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '-m', '5', '-o', '/dev/null', 'http://10.251.0.1:8080/'], { stdio: 'ignore' });
    } catch {
      // The echo server is not HTTP; curl's complaint does not matter, the handshake happened.
    }
    await closeServer(server);
    await waitFor('the SYN to reach the log', () => readLines(log).some((l) => l.includes('mod=syn|cli=10.251.0.2/')));

    sh('ip', 'link', 'del', ours);
    sh('ip', 'link', 'del', theirs);
    const code = await running;
    const realCode = await real.exited;
    expect(code).toBe(1);
    expect(realCode).toBe(1);
    expect(io.stderr).toBe('[-] PROGRAM ABORT : Packet capture interface is down.\n         Location : live_event_loop(), p0f.c:834\n\n');
    expect(real.stderr).toBe(io.stderr);
    // Everything seen before the interface went away is in the log.
    const lines = readLines(log);
    expect(lines.some((l) => l.includes('mod=syn|cli=10.251.0.2/'))).toBe(true);
    expect(lines.some((l) => l.includes('mod=syn+ack|cli=10.251.0.2/'))).toBe(true);
  });
});

describe('capture timestamps and -p (native reader)', () => {
  it('stamps records with the pcap header time: close to the wall clock at receipt, never going backwards', async () => {
    const port = 44000 + (process.pid % 1000);
    const seen: { at: number; received: number }[] = [];
    const opened = await openLiveCapture(
      { device: 'lo', filterFor: () => ({ ok: true, expression: `tcp and port ${port}` }) },
      {
        onRecord: (r) => seen.push({ at: r.seconds * 1000 + r.microseconds / 1000, received: Date.now() }),
        onDown: () => undefined,
        onWarning: () => undefined,
      },
    );
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    try {
      opened.capture.start();
      const server = await startEchoServer('127.0.0.1', port);
      const { tcpExchange } = await import('../../live/live-harness.js');
      for (let i = 0; i < 3; i++) await tcpExchange('127.0.0.1', port);
      await closeServer(server);
      await waitFor('packets on lo', () => seen.length >= 9);
      for (let i = 0; i < seen.length; i++) {
        // Captured before we got it (allowing clock granularity), and not long before.
        expect(seen[i].at).toBeLessThanOrEqual(seen[i].received + 1);
        expect(seen[i].received - seen[i].at).toBeLessThan(1000);
        if (i > 0) expect(seen[i].at).toBeGreaterThanOrEqual(seen[i - 1].at);
      }
      // Microsecond resolution from the kernel, not millisecond stamps.
      expect(seen.some((s) => Math.round(s.at * 1000) % 1000 !== 0)).toBe(true);
    } finally {
      await opened.capture.close();
    }
  });

  it('opens the interface promiscuous only when asked (-p)', async () => {
    const tag = String(process.pid % 100000);
    const ifname = `p0pA${tag}`;
    sh('ip', 'link', 'add', ifname, 'type', 'veth', 'peer', 'name', `p0pB${tag}`);
    try {
      sh('ip', 'link', 'set', ifname, 'up');
      const IFF_PROMISC = 0x100;
      const promiscuous = (): boolean => (Number(fs.readFileSync(`/sys/class/net/${ifname}/flags`, 'latin1').trim()) & IFF_PROMISC) !== 0;
      expect(promiscuous()).toBe(false);
      for (const wanted of [false, true]) {
        const opened = await openLiveCapture(
          { device: ifname, promiscuous: wanted, filterFor: () => ({ ok: true, expression: 'tcp' }) },
          { onRecord: () => undefined, onDown: () => undefined, onWarning: () => undefined },
        );
        expect(opened.ok).toBe(true);
        if (!opened.ok) return;
        try {
          expect(promiscuous()).toBe(wanted);
        } finally {
          await opened.capture.close();
        }
        await waitFor('promiscuous mode released', () => !promiscuous());
      }
    } finally {
      spawnSync('ip', ['link', 'del', ifname]);
    }
  });
});
