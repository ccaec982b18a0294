/**
 * `createPacketFingerprinter` through the published package: frames pushed one by one give
 * the real p0f's log for the same frames written as a pcap (synthetic traffic with uptime,
 * NAT and HTTP events), the filter drops what p0f's filter drops, and bad options or an
 * uncompilable filter come back as values.
 */
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPacketFingerprinter, formatEvent, LinkType, loadSignatures, type FrameOutcome, type P0fEvent, type Signatures } from 'p0f-ts';
import { describeIfPresent, HAVE_REAL_P0F, REAL_P0F } from '../helpers/shared-corpus.js';
import { buildSyntheticCapture, buildSyntheticRecords } from '../helpers/synthetic-traffic.js';
import { runRealP0fLog, scratchFile } from './library-harness.js';

let signatures: Signatures;
beforeAll(async () => {
  const loaded = await loadSignatures();
  if (!loaded.ok) throw new Error(`default database: ${loaded.message}`);
  signatures = loaded.signatures;
});

const TRAFFIC = { seed: 7, connections: 300 };

function logLines(events: readonly P0fEvent[]): string[] {
  return events.map((e) => formatEvent(e, 'log').replace(/\n$/, ''));
}

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'packet fingerprinter vs the real p0f on the same frames', () => {
  it('pushing the frames of a capture gives p0f\'s log for that capture', async () => {
    const pcap = scratchFile('synthetic.pcap');
    writeFileSync(pcap, buildSyntheticCapture(TRAFFIC));
    const real = await runRealP0fLog(pcap);
    expect(real.status).toBe(0);
    // The traffic exercises the stateful modules, not just per-packet matching.
    for (const mod of ['syn', 'syn+ack', 'uptime', 'http request', 'http response']) {
      expect(real.log.some((l) => l.includes(`mod=${mod}|`)), mod).toBe(true);
    }

    const events: P0fEvent[] = [];
    const created = createPacketFingerprinter({ signatures, compat: true, readingFile: true, onEvent: (e) => events.push(e) });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const fp = created.fingerprinter;
    const outcomes = new Map<string, number>();
    for (const r of buildSyntheticRecords(TRAFFIC)) {
      const outcome: FrameOutcome = fp.push({ linkType: LinkType.ethernet, data: r.data, seconds: r.seconds, microseconds: r.microseconds });
      outcomes.set(outcome.kind, (outcomes.get(outcome.kind) ?? 0) + 1);
    }
    expect(logLines(events)).toEqual(real.log);
    expect(outcomes.get('filter-error')).toBeUndefined();
    const processed = Number(/Processed (\d+) packets/.exec(real.stdout)?.[1]);
    expect(fp.packets).toBe(processed);
    expect(outcomes.get('processed')).toBe(processed);
  });
});

describe('packet fingerprinter: filtering and errors as values', () => {
  /** One SYN of the synthetic traffic, as an Ethernet frame. */
  function synFrame(): Uint8Array {
    const first = buildSyntheticRecords({ seed: 1, connections: 1 })[0];
    if (first === undefined) throw new Error('no synthetic record');
    return Uint8Array.from(first.data);
  }

  it('a UDP frame is filtered out by p0f\'s TCP filter, and the TCP frame passes', () => {
    const events: P0fEvent[] = [];
    const created = createPacketFingerprinter({ signatures, onEvent: (e) => events.push(e) });
    if (!created.ok) throw new Error(created.error.message);
    const tcp = synFrame();
    const udp = Uint8Array.from(tcp);
    // Ethernet (14) + IPv4 protocol byte at 9; the IPv4 checksum is not checked by p0f.
    expect(udp[12] === 0x08 && udp[13] === 0x00).toBe(true);
    udp[14 + 9] = 17;
    expect(created.fingerprinter.push({ linkType: LinkType.ethernet, data: udp, seconds: 1_700_000_000 })).toEqual({ kind: 'filtered' });
    expect(events).toEqual([]);
    expect(created.fingerprinter.push({ linkType: LinkType.ethernet, data: tcp, seconds: 1_700_000_000 })).toEqual({ kind: 'processed' });
    expect(events.map((e) => e.keyword)).toContain('syn');
    expect(created.fingerprinter.packets).toBe(1);
  });

  it('a filter rule that does not compile is reported per frame, with libpcap\'s message', () => {
    const created = createPacketFingerprinter({ signatures, filter: 'port ((', onEvent: () => undefined });
    if (!created.ok) throw new Error(created.error.message);
    const outcome = created.fingerprinter.push({ linkType: LinkType.ethernet, data: synFrame(), seconds: 1 });
    expect(outcome.kind).toBe('filter-error');
    if (outcome.kind === 'filter-error') expect(outcome.pcapMessage).toMatch(/syntax error/);
    expect(created.fingerprinter.packets).toBe(0);
  });

  it('captureFilter: false hands every frame to the decoder', () => {
    const events: P0fEvent[] = [];
    const created = createPacketFingerprinter({ signatures, captureFilter: false, filter: 'port ((', onEvent: (e) => events.push(e) });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.fingerprinter.push({ linkType: LinkType.ethernet, data: synFrame(), seconds: 1 })).toEqual({ kind: 'processed' });
    expect(events.length).toBeGreaterThan(0);
  });

  it('frames too short or of an unknown link type are processed without an exception or an event', () => {
    const events: P0fEvent[] = [];
    const created = createPacketFingerprinter({ signatures, captureFilter: false, onEvent: (e) => events.push(e) });
    if (!created.ok) throw new Error(created.error.message);
    for (const data of [new Uint8Array(0), new Uint8Array(3), new Uint8Array(200)]) {
      for (const linkType of [LinkType.ethernet, LinkType.raw, 9999]) {
        expect(created.fingerprinter.push({ linkType, data, seconds: 1 }).kind).toBe('processed');
      }
    }
    expect(events).toEqual([]);
  });

  it('limits outside p0f\'s -m / -t ranges are rejected before any frame', () => {
    for (const limits of [{ maxConnections: 100001 }, { maxHosts: 0 }, { connectionMaxAgeSeconds: Number.NaN }, { hostIdleLimitMinutes: 1000001 }]) {
      const created = createPacketFingerprinter({ signatures, onEvent: () => undefined, ...limits });
      expect(created.ok).toBe(false);
      if (!created.ok) expect(created.error).toMatchObject({ kind: 'option-error', option: Object.keys(limits)[0] });
    }
  });
});
