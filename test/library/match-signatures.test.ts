/**
 * Single-observation matching through the published package: a SYN, SYN+ACK or HTTP
 * `raw_sig` from a log of the real p0f, read back and classified with `matchTcp` /
 * `matchHttp`, must get the label and tier p0f printed for it; hand-built observations
 * must get what p0f printed for the same packet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSignatures, matchHttpRawSig, matchTcpRawSig, QUIRK_BIT, readHttpRawSig, readTcpRawSig, TcpObservation, TcpOption, type Signatures } from 'p0f-ts';
import { linesOf } from '../helpers/log-compare.js';
import { parseP0fLogLine, type P0fLogRecord } from '../helpers/p0f-log.js';
import { CORPUS_DIR, DEFAULT_FP, describeIfPresent, describeWithCorpus, HAVE_REAL_P0F, REAL_P0F, REPO_ROOT } from '../helpers/shared-corpus.js';
import { runRealP0fLog } from './library-harness.js';

let signatures: Signatures;
beforeAll(async () => {
  const loaded = await loadSignatures();
  if (!loaded.ok) throw new Error(`default database: ${loaded.message}`);
  signatures = loaded.signatures;
});

function field(record: P0fLogRecord, key: string): string | null | undefined {
  return record.fields.find((f) => f.key === key)?.value;
}

/** What p0f printed: `os=`/`app=` key and value, and the tier flags in `params`. */
function printed(record: P0fLogRecord): { kind: 'os' | 'app'; label: string | null; generic: boolean; fuzzy: boolean; dishonest: boolean } {
  const params = (field(record, 'params') ?? '').split(' ');
  const kind = record.fields.some((f) => f.key === 'app') ? 'app' : 'os';
  return { kind, label: field(record, kind) ?? null, generic: params.includes('generic'), fuzzy: params.includes('fuzzy'), dishonest: params.includes('dishonest') };
}

function readLog(name: string): P0fLogRecord[] {
  return linesOf(readFileSync(join(CORPUS_DIR, name), 'latin1')).map((l) => {
    const r = parseP0fLogLine(l);
    if (r === null) throw new Error(`unparsable p0f log line: ${l}`);
    return r;
  });
}

/** Re-classifies every syn / syn+ack line; returns the lines whose result differs from p0f's. */
async function tcpDisagreements(records: readonly P0fLogRecord[]): Promise<{ checked: number; differing: string[] }> {
  // A SYN+ACK's `mss*N` window is a multiple of the SYN's MSS: take it from the flow's SYN line.
  const synMss = new Map<string, number>();
  const differing: string[] = [];
  let checked = 0;
  for (const r of records) {
    if (r.keyword !== 'syn' && r.keyword !== 'syn+ack') continue;
    const rawSig = field(r, 'raw_sig') ?? '';
    const flow = `${r.cli}>${r.srv}`;
    if (r.keyword === 'syn') synMss.set(flow, Number(rawSig.split(':')[3]) || 0);
    const peerMss = r.keyword === 'syn+ack' ? synMss.get(flow) ?? 0 : 0;
    const read = await matchTcpRawSig(signatures, rawSig, r.keyword === 'syn' ? 'request' : 'response', peerMss);
    if (!read.ok) {
      differing.push(`${r.line}\n  unreadable raw_sig: ${read.error}`);
      continue;
    }
    checked++;
    const got = read.classification;
    const want = printed(r);
    const have = {
      kind: got.match?.kind ?? want.kind,
      label: got.match?.label ?? null,
      generic: got.match?.generic ?? false,
      fuzzy: got.match?.tier === 'fuzzy',
      dishonest: false,
    };
    if (JSON.stringify(have) !== JSON.stringify(want)) differing.push(`${r.line}\n  got ${JSON.stringify(have)}`);
  }
  return { checked, differing };
}

describeWithCorpus('matchTcp on raw_sigs the real p0f logged (shared corpus)', () => {
  for (const name of ['crafted/tcp_request.p0f.log', 'crafted/tcp_response.p0f.log', 'crafted/tcp_fuzzy.p0f.log']) {
    it(`${name}: every syn / syn+ack gets p0f's label and tier`, async () => {
      const { checked, differing } = await tcpDisagreements(readLog(name));
      expect(checked).toBeGreaterThan(0);
      expect(differing).toEqual([]);
    });
  }
});

describeWithCorpus('matchHttp on raw_sigs the real p0f logged (shared corpus)', () => {
  it('crafted/http.p0f.log: every http request / response gets p0f\'s label and dishonesty', async () => {
    let checked = 0;
    const differing: string[] = [];
    for (const r of readLog('crafted/http.p0f.log')) {
      if (r.keyword !== 'http request' && r.keyword !== 'http response') continue;
      const read = await matchHttpRawSig(signatures, field(r, 'raw_sig') ?? '', r.keyword === 'http request' ? 'request' : 'response');
      if (!read.ok) {
        differing.push(`${r.line}\n  unreadable raw_sig: ${read.error}`);
        continue;
      }
      checked++;
      const got = read.classification;
      const want = printed(r);
      const have = { kind: got.match?.kind ?? want.kind, label: got.match?.label ?? null, generic: got.match?.generic ?? false, fuzzy: false, dishonest: got.dishonest };
      if (JSON.stringify(have) !== JSON.stringify(want)) differing.push(`${r.line}\n  got ${JSON.stringify(have)}`);
    }
    expect(checked).toBeGreaterThan(0);
    expect(differing).toEqual([]);
  });
});

describeIfPresent(HAVE_REAL_P0F, `real p0f not installed at ${REAL_P0F}`, 'hand-built observations vs what the real p0f printed for signatures/sample.pcap', () => {
  let log: P0fLogRecord[] = [];
  beforeAll(async () => {
    const real = await runRealP0fLog(join(REPO_ROOT, 'signatures/sample.pcap'));
    log = real.log.map((l) => parseP0fLogLine(l)).filter((r): r is P0fLogRecord => r !== null);
  });

  it('the Linux SYN (MSS 1460, window 20 x MSS, scale 7, mss,sok,ts,nop,ws, DF, id+)', () => {
    const syn = log.find((r) => r.keyword === 'syn' && r.cli === '192.0.2.10/40000');
    expect(syn).toBeDefined();
    if (syn === undefined) return;
    const obs = new TcpObservation();
    obs.ipVersion = 4;
    obs.ttl = 64;
    obs.mss = 1460;
    obs.window = 1460 * 20;
    obs.windowScale = 7;
    obs.layout.set([TcpOption.mss, TcpOption.sok, TcpOption.ts, TcpOption.nop, TcpOption.ws]);
    obs.layoutLength = 5;
    obs.quirks = QUIRK_BIT.df | QUIRK_BIT['id+'];
    obs.ts1 = 12345;
    const got = signatures.matchTcp(obs, 'request');
    expect(got.match?.kind).toBe('os');
    expect(got.match?.label).toBe(field(syn, 'os'));
    expect(String(got.distance)).toBe(field(syn, 'dist'));
    expect(got.match?.tier).toBe('exact');
    // The line it names is a sig line under that label in the database file.
    const lines = readFileSync(DEFAULT_FP, 'latin1').split('\n');
    const line = got.match?.line ?? 0;
    expect(lines[line - 1]).toMatch(/^sig\s*=\s*\*:64:0:\*:mss\*20,7:mss,sok,ts,nop,ws:df,id\+:0$/);
    const label = lines.slice(0, line).reverse().find((l) => l.startsWith('label'));
    expect(label).toBe(`label = s:${got.match?.className}:${got.match?.name}:${got.match?.flavor}`);
  });

  it('the Firefox request and the Apache response, as header lists', () => {
    const request = log.find((r) => r.keyword === 'http request');
    const response = log.find((r) => r.keyword === 'http response');
    expect(request !== undefined && response !== undefined).toBe(true);
    if (request === undefined || response === undefined) return;
    const firefox = signatures.matchHttp({
      direction: 'request',
      headers: [
        { name: 'Host', value: 'example.test' },
        { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0' },
        { name: 'Accept', value: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
        { name: 'Accept-Language', value: 'en-US,en;q=0.5' },
        { name: 'Accept-Encoding', value: 'gzip, deflate' },
        { name: 'Connection', value: 'keep-alive' },
      ],
    });
    expect(firefox.match?.kind).toBe('app');
    expect(firefox.match?.label).toBe(field(request, 'app'));
    expect(firefox.dishonest).toBe(false);
    expect(firefox.anonymous).toBe(false);

    // The same headers with a curl User-Agent: p0f's dishonest test (curl is not Firefox).
    const lying = signatures.matchHttp({ direction: 'request', headers: firefox.observation.headers.map((h) => (h.name === 'User-Agent' ? { name: h.name, value: 'curl/8.0' } : h)) });
    expect(lying.match?.label).toBe(field(request, 'app'));
    expect(lying.dishonest).toBe(true);

    const apache = signatures.matchHttp({
      direction: 'response',
      headers: [
        { name: 'Date', value: 'Tue, 14 Nov 2023 22:13:20 GMT' },
        { name: 'Server', value: 'Apache/2.4.57 (Debian)' },
        { name: 'Last-Modified', value: 'Tue, 14 Nov 2023 20:00:00 GMT' },
        { name: 'Accept-Ranges', value: 'bytes' },
        { name: 'Content-Length', value: '10' },
        { name: 'Keep-Alive', value: 'timeout=5, max=100' },
        { name: 'Connection', value: 'Keep-Alive' },
        { name: 'Content-Type', value: 'text/html' },
      ],
    });
    expect(apache.match?.label).toBe(field(response, 'app'));
  });

  it('linkForMtu names the link p0f printed for MTU 1500', () => {
    const mtu = log.find((r) => r.keyword === 'mtu' && field(r, 'raw_mtu') === '1500');
    expect(mtu).toBeDefined();
    expect(signatures.linkForMtu(1500)).toBe(mtu === undefined ? undefined : field(mtu, 'link'));
  });
});

describe('raw_sig readers: bad text is an error value', () => {
  it('TCP and HTTP', async () => {
    const tcp = await readTcpRawSig('4:64+0:0:1460');
    expect(tcp.ok).toBe(false);
    if (!tcp.ok) expect(tcp.error).toMatch(/expected 8 ':'-separated fields/);
    const http = await readHttpRawSig('x:Host', 'request');
    expect(http.ok).toBe(false);
  });
});
