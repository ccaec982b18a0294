/**
 * Randomised differential test against the real p0f: a few hundred conversations with
 * random header lists (known and unknown names, case variants, duplicates, separators,
 * control and high bytes in values, odd line endings) cut into random segments. Every
 * http, NAT and uptime line must agree with p0f (compat mode).
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

const NAMES = [
  'Host', 'User-Agent', 'Accept', 'Accept-Language', 'Accept-Encoding', 'Accept-Charset', 'Connection', 'Keep-Alive',
  'Cookie', 'Referer', 'Via', 'X-Forwarded-For', 'Cache-Control', 'Pragma', 'DNT', 'host', 'user-agent', 'X-Custom',
  'Server', 'Date', 'Content-Type', 'Content-Length', 'Set-Cookie', 'ETag', 'Etag', 'Vary', 'Accept-Ranges', 'Last-Modified',
] as const;
const VALUES = [
  'curl/7.1', 'Mozilla/5.0 (Windows NT 6.1) Firefox/2.0', 'Mozilla/5.0 (X11; Linux) Chrome/30 Safari', '*/*', 'text/html,*/*;q=0.8',
  'gzip, deflate', 'gzip,deflate,sdch', 'keep-alive', 'close', 'en-US,en;q=0.5', 'de', 'XX', '300', 'utf-8;q=0.7,*;q=0.7',
  'Apache/2.2 (Unix)', 'nginx/1.4', 'Sun, 09 Nov 2014 18:00:00 GMT', 'a|b]c', 'x\x01y', 'caf\xe9', '', ' ', '\ttab', 'v\x00w', 'q'.repeat(250),
] as const;

const header = fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES), fc.constantFrom(': ', ':', ':  ', ':\t'), fc.constantFrom('\r\n', '\n'));
const headerBlock = fc.array(header, { maxLength: 12 }).map((hs) => hs.map(([n, v, sep, eol]) => `${n}${sep}${v}${eol}`).join(''));

/** Cuts a message into 1-4 segments at random offsets. */
function segmented(text: string, toServer: boolean, cuts: number[]): HttpSegment[] {
  const points = [...new Set(cuts.map((c) => c % Math.max(1, text.length)))].filter((c) => c > 0).sort((a, b) => a - b);
  const out: HttpSegment[] = [];
  let last = 0;
  for (const p of [...points, text.length]) {
    if (p > last) out.push({ toServer, data: text.slice(last, p) });
    last = p;
  }
  return out;
}

const conversation: fc.Arbitrary<HttpConversation> = fc
  .record({
    line: fc.constantFrom('GET / HTTP/1.1', 'GET /x?y=1 HTTP/1.0', 'HEAD / HTTP/1.1', 'GET / HTTP/1.1 '),
    status: fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.0 404 Not Found', 'HTTP/1.1 200'),
    reqHeaders: headerBlock,
    respHeaders: headerBlock,
    end: fc.constantFrom('\r\n', '\n'),
    reqCuts: fc.array(fc.nat(), { maxLength: 3 }),
    respCuts: fc.array(fc.nat(), { maxLength: 3 }),
  })
  .map((c) => {
    const req = `${c.line}\r\n${c.reqHeaders}${c.end}`;
    const resp = `${c.status}\r\n${c.respHeaders}${c.end}`;
    return { segments: [...segmented(req, true, c.reqCuts), ...segmented(resp, false, c.respCuts)], probeServerAck: true };
  });

function ours(pcap: Uint8Array, compat: boolean): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-http-fuzz-'));
  try {
    const file = join(dir, 'fuzz.pcap');
    writeFileSync(file, pcap);
    return replayPcap(file, stockDatabase(), { compat })
      .lines.map((l) => l.slice(l.indexOf('] ') + 2).replace(/\n$/, ''))
      .filter((l) => COMPARED.test(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('random HTTP conversations agree with the real p0f', () => {
  const conversations = fc.sample(conversation, { numRuns: 300, seed: 20141109 });

  it('300 conversations, compat mode', () => {
    const pcap = buildHttpPcap(conversations);
    const theirs = runRealP0f(pcap).filter((l) => COMPARED.test(l));
    expect(theirs.filter((l) => l.startsWith('mod=http response')).length).toBeGreaterThan(50);
    expect(ours(pcap, true)).toEqual(theirs);
  });

  it('the same with unsegmented responses, default (fixed) mode: no deviation applies', () => {
    const whole = conversations.map((c) => ({
      ...c,
      segments: [
        ...c.segments.filter((g) => g.toServer),
        { toServer: false, data: c.segments.filter((g) => !g.toServer).map((g) => g.data).join('') },
      ],
    }));
    const pcap = buildHttpPcap(whole);
    const theirs = runRealP0f(pcap).filter((l) => COMPARED.test(l));
    expect(theirs.filter((l) => l.startsWith('mod=http response')).length).toBeGreaterThan(100);
    expect(ours(pcap, false)).toEqual(theirs);
  });
});
