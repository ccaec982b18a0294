/**
 * Hostile delivery through the whole packet path: out-of-order, overlapping, repeated and
 * FIN/RST-carrying segments, binary and oversized payloads. Nothing may throw, and what is
 * printed must still be what the real p0f prints (compat mode).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayPcap } from '../process/fixtures/replay-tcp.js';
import { buildHttpPcap, type HttpConversation, type HttpSegment } from './fixtures/http-flow-pcap.js';
import { runRealP0f } from './fixtures/run-real-p0f.js';
import { stockDatabase } from './fixtures/stock-database.js';

const COMPARED = /^mod=(http request|http response|host change|ip sharing|uptime)\|/;
const PIECES = [
  'GET / HTTP/1.1\r\n', 'HEAD / HTTP/1.0\r\n', 'HTTP/1.1 200 OK\r\n', 'Host: a\r\n', 'User-Agent: curl/7.1\r\n', 'Server: x\r\n',
  'Accept: */*\r\n', '\r\n', '\n', 'X-Y: z', '\x00\x01\xff', 'GET', ' / HTTP/1.1', `X-Big: ${'b'.repeat(1500)}\r\n`, 'Date: Sun, 09 Nov 2014 18:00:00 GMT\r\n',
];

const segmentArb: fc.Arbitrary<HttpSegment> = fc.record(
  {
    toServer: fc.boolean(),
    data: fc.oneof(
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((p) => p.join('')),
      fc.uint8Array({ minLength: 1, maxLength: 1400 }).map((b) => String.fromCharCode(...b)),
    ),
    relativeSeq: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined, freq: 4 }),
    flags: fc.constantFrom(0x18, 0x18, 0x18, 0x10, 0x11, 0x04, 0x19),
  },
  { requiredKeys: ['toServer', 'data', 'flags'] },
);

/** Mostly a plausible request start, then anything. */
const conversationArb: fc.Arbitrary<HttpConversation> = fc
  .tuple(
    fc.constantFrom<HttpSegment[]>(
      [{ toServer: true, data: 'GET / HTTP/1.1\r\nHost: a\r\n' }],
      [{ toServer: true, data: 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' }],
      [{ toServer: true, data: 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' }, { toServer: false, data: 'HTTP/1.1 200 OK\r\n' }],
      [],
    ),
    fc.array(segmentArb, { minLength: 1, maxLength: 8 }),
  )
  .map(([start, rest]) => ({ segments: [...start, ...rest], probeServerAck: true }));

describe('hostile HTTP delivery', () => {
  it('never throws and agrees with the real p0f', () => {
    const conversations = fc.sample(conversationArb, { numRuns: 250, seed: 1337 });
    const pcap = buildHttpPcap(conversations);
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-http-robust-'));
    try {
      const file = join(dir, 'robust.pcap');
      writeFileSync(file, pcap);
      const started = Date.now();
      const ours = replayPcap(file, stockDatabase()).lines.map((l) => l.slice(l.indexOf('] ') + 2).replace(/\n$/, '')).filter((l) => COMPARED.test(l));
      expect(Date.now() - started).toBeLessThan(30_000);
      const theirs = runRealP0f(pcap).filter((l) => COMPARED.test(l));
      expect(theirs.filter((l) => l.startsWith('mod=http request')).length).toBeGreaterThan(20);
      expect(theirs.some((l) => l.startsWith('mod=http response'))).toBe(true);
      expect(ours).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
