/**
 * Corpus agreement: the http request/response lines our HTTP module produces for the
 * crafted and real captures equal, in order, what the real p0f 3.09b logged.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInterpretedHttpMatcher } from '../../../runtime/match/http-matcher.js';
import { loadFpForHttp } from './fixtures/load-fp-for-http.js';
import { formatLogLine, replayHttp } from './fixtures/replay-http.js';

const CORPUS = '/work/shared/corpus';
const db = loadFpForHttp();
const matcher = createInterpretedHttpMatcher(db);

/** Link types the stand-in replayer does not decode (p0f guesses their offset). */
const UNDECODED = new Set(['tcpdump__arcnet-rfc1201-arp-icmp-http.pcap']);

function oracleHttpLines(log: string): string[] {
  return readFileSync(log, 'latin1')
    .split('\n')
    .filter((l) => l.includes('] mod=http request|') || l.includes('] mod=http response|'))
    .map((l) => l.slice(l.indexOf('] ') + 2));
}

function captures(): { capture: string; log: string }[] {
  const out: { capture: string; log: string }[] = [];
  for (const name of ['http.pcap', 'http_edge.pcap']) {
    out.push({ capture: join(CORPUS, 'crafted', name), log: join(CORPUS, 'crafted', name.replace('.pcap', '.p0f.log')) });
  }
  for (const dir of ['local', 'public']) {
    const base = join(CORPUS, 'real', dir);
    for (const name of readdirSync(base).sort()) {
      if (!/\.pcap(ng)?$/.test(name) || UNDECODED.has(name)) continue;
      const log = join(base, name.endsWith('.pcap') ? name.replace(/\.pcap$/, '.p0f.log') : `${name}.p0f.log`);
      if (existsSync(log) && oracleHttpLines(log).length > 0) out.push({ capture: join(base, name), log });
    }
  }
  return out;
}

describe('HTTP corpus agreement with p0f 3.09b (compat mode)', () => {
  const list = captures();
  it('covers the crafted HTTP files and the real captures with HTTP', () => {
    expect(list.length).toBeGreaterThan(40);
  });
  for (const { capture, log } of list) {
    it(capture.slice(CORPUS.length + 1), () => {
      const events = replayHttp(capture, { database: db, matcher, compat: true });
      const ours = events.filter((e) => e.keyword === 'http request' || e.keyword === 'http response').map(formatLogLine);
      expect(ours).toEqual(oracleHttpLines(log));
    });
  }
});
