import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../compiler/cli/explain-command.js';
import type { CliIo } from '../../../runtime/cli/cli-io.js';
import { CORPUS_DIR } from '../../helpers/shared-corpus.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTty: false, write: (t: string) => void (io.out += t), writeError: (t: string) => void (io.err += t) };
  return io;
}

const CAPTURE = `${CORPUS_DIR}/real/local/d0-v4-curl-nginx.pcap`;

describe('p0f-ts explain', () => {
  it('explains a SYN raw_sig with the winner at file:line', async () => {
    const io = captureIo();
    expect(await run(['--raw-sig', '4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0'], io)).toBe(0);
    expect(io.out).toMatch(/^result: os = Linux 3\.11 and newer, dist = 0, params = none \(exact\)$/m);
    expect(io.out).toMatch(/^winner: \/etc\/p0f\/p0f\.fp:97 /m);
    expect(io.out).toMatch(/^near miss: \/etc\/p0f\/p0f\.fp:96 .*\n {2}FAIL {2}scale {3}window scale: signature 10, packet 7$/m);
  });
  it('explains a SYN+ACK with the peer MSS', async () => {
    const io = captureIo();
    expect(await run(['--raw-sig', '4:64+0:0:1436:mss*10,0:mss:df:0', '--syn-ack', '--peer-mss', '1452'], io)).toBe(0);
    expect(io.out).toMatch(/^result: os = Linux 3\.x/m);
    expect(io.out).toMatch(/\[tcp:response\]/);
  });
  it('explains an HTTP request', async () => {
    const io = captureIo();
    expect(await run(['--http-raw-sig', '1:User-Agent,Host,Accept=[*/*]:Connection,Accept-Encoding,Accept-Language,Accept-Charset,Keep-Alive:curl/7.1'], io)).toBe(0);
    expect(io.out).toMatch(/^result: app = curl \(exact\)$/m);
    expect(io.out).toMatch(/^winner: \/etc\/p0f\/p0f\.fp:\d+ {2}\[s:!:curl:\]/m);
  });
  it('explains every observation of a flow in a capture', async () => {
    const io = captureIo();
    expect(await run(['-r', CAPTURE, '--flow', '10.77.0.1/48430->10.77.0.2/80'], io)).toBe(0);
    // What the real p0f printed for this flow (d0-v4-curl-nginx.p0f.log).
    expect(io.out).toMatch(/^syn 10\.77\.0\.1\/48430 -> 10\.77\.0\.2\/80 raw_sig = 4:64\+0:0:1460:mss\*44,10:mss,sok,ts,nop,ws:df,id\+:0$/m);
    expect(io.out).toMatch(/^result: os = Linux 2\.2\.x-3\.x, dist = 0, params = generic \(generic\)$/m);
    expect(io.out).toMatch(/^http request 10\.77\.0\.1\/48430 -> /m);
    expect(io.out).toMatch(/^http response 10\.77\.0\.1\/48430 -> /m);
  });
  it('prints the same facts as JSON with --format json', async () => {
    const io = captureIo();
    expect(await run(['--raw-sig', '4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0', '--format', 'json', '--nearest', '2'], io)).toBe(0);
    const data = JSON.parse(io.out) as { result: { match: string; tier: string; location: string }; candidates: { location: string; fit: string; fields: { field: string; verdict: string }[] }[] };
    expect(data.result).toMatchObject({ match: 'Linux 3.11 and newer', tier: 'exact', location: '/etc/p0f/p0f.fp:97' });
    expect(data.candidates.map((c) => `${c.location} ${c.fit}`)).toEqual(['/etc/p0f/p0f.fp:97 exact', '/etc/p0f/p0f.fp:164 generic', '/etc/p0f/p0f.fp:96 none']);
    expect(data.candidates[2]?.fields.filter((f) => f.verdict === 'fail').map((f) => f.field)).toEqual(['scale']);
    const flow = captureIo();
    expect(await run(['-r', CAPTURE, '--flow', '10.77.0.1/48430->10.77.0.2/80', '--format', 'json'], flow)).toBe(0);
    const observations = (JSON.parse(flow.out) as { observations: { keyword: string }[] }).observations.map((o) => o.keyword);
    expect(observations).toEqual(['syn', 'syn+ack', 'http request', 'http response']);
  });
  it('exits 1 when the flow is not in the capture', async () => {
    const io = captureIo();
    expect(await run(['-r', CAPTURE, '--flow', '10.9.9.9/1->10.9.9.8/2'], io)).toBe(1);
    expect(io.err).toMatch(/no syn, syn\+ack or http observation/);
  });
  it('rejects bad usage, bad raw_sigs and broken databases with exit 2', async () => {
    const io = captureIo();
    expect(await run([], io)).toBe(2);
    expect(await run(['--raw-sig', 'x', '--http-raw-sig', 'y'], io)).toBe(2);
    expect(await run(['--raw-sig', '4:64:0:1460'], io)).toBe(2);
    expect(io.err).toMatch(/bad raw_sig: expected 8/);
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-explain-'));
    try {
      writeFileSync(join(dir, 'bad.fp'), '[mtu]\nsig = 1500\n');
      const bad = captureIo();
      expect(await run(['--raw-sig', '4:64+0:0:1460:mss*20,7:mss:df:0', '-f', join(dir, 'bad.fp')], bad)).toBe(2);
      expect(bad.err).toMatch(/bad\.fp:2:\d+: error/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
