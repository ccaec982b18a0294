/**
 * HTTP NAT / host-change scoring (spec B.8) against the real p0f on a custom database
 * with OS-class HTTP signatures, apps with `sys` lists and ua_os entries: os_diff (8, 4,
 * and the name-id/label-id comparison), app_vs_os, ua_vs_os, srv_sig_lb (8 and 2),
 * x_known, and the TCP/HTTP interplay through last_name_id.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { replayPcap } from '../process/fixtures/replay-tcp.js';
import { buildHttpPcap, type HttpConversation } from './fixtures/http-flow-pcap.js';
import { runRealP0f } from './fixtures/run-real-p0f.js';

const FP = `classes = win,unix

[tcp:request]
label = s:unix:Linux:3.11 and newer
sig   = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0

[http:request]
ua_os = Linux,Windows,FreeBSD=[BSD]

label = s:win:Windows:XP
sig   = *:Host,X-Os-Win::

label = s:unix:Linux:desktop
sig   = *:Host,X-Os-Linux::

label = g:unix:FreeBSD:
sig   = *:Host,X-Os-Bsd::

label = s:!:AppW:1
sys   = Windows
sig   = *:Host,X-App-W::AppW/

label = s:!:AppU:1
sys   = @unix
sig   = *:Host,X-App-U::AppU/

label = s:!:AppAny:
sys   =
sig   = *:Host,X-App-Any::

[http:response]
label = s:unix:Linux:server
sig   = *:Server,X-Srv-Os::

label = s:!:SrvA:1
sys   = @unix
sig   = *:Server,X-Srv-A1::

label = s:!:SrvA:2
sys   = @unix
sig   = *:Server,X-Srv-A2::

label = s:!:SrvB:
sys   = @unix
sig   = *:Server,X-Srv-B::
`;

const C = (headers: string) => ({ toServer: true, data: `GET / HTTP/1.1\r\nHost: h\r\n${headers}\r\n` });
const S = (headers: string) => ({ toServer: false, data: `HTTP/1.1 200 OK\r\nServer: s\r\n${headers}\r\n` });
const PLAIN = S('');

const CONVERSATIONS: HttpConversation[] = [
  // A Linux (by SYN) client whose requests claim Windows, then Linux, then Linux again, then FreeBSD (generic).
  ...['X-Os-Win: 1\r\n', 'X-Os-Linux: 1\r\n', 'X-Os-Linux: 1\r\n', 'X-Os-Bsd: 1\r\n', 'X-Os-Win: 1\r\n'].map((h, i) => ({
    client: '10.50.0.1', clientPort: 42000 + i, segments: [C(h), PLAIN],
  })),
  // Apps on a Linux host: wrong sys (app_vs_os), UA naming another OS (ua_vs_os), dishonest UA, empty sys.
  { client: '10.50.0.2', segments: [C('X-App-W: 1\r\nUser-Agent: AppW/1 (Windows)\r\n'), PLAIN] },
  { client: '10.50.0.2', clientPort: 43001, segments: [C('X-App-U: 1\r\nUser-Agent: AppU/1 (Linux; BSD)\r\n'), PLAIN] },
  { client: '10.50.0.2', clientPort: 43002, segments: [C('X-App-U: 1\r\nUser-Agent: Other/1 (Windows)\r\n'), PLAIN] },
  { client: '10.50.0.2', clientPort: 43003, segments: [C('X-App-Any: 1\r\nUser-Agent: x (FreeBSD)\r\n'), PLAIN] },
  { client: '10.50.0.2', clientPort: 43004, segments: [C('X-App-U: 1\r\nUser-Agent: AppU/2 (BSD)\r\n'), PLAIN] },
  // One server:port whose responses change: OS class, app, same app other label, other app, unmatched, OS class.
  ...['X-Srv-Os: 1\r\n', 'X-Srv-A1: 1\r\n', 'X-Srv-A2: 1\r\n', 'X-Srv-B: 1\r\n', '', 'X-Srv-Os: 1\r\n', 'X-Srv-Os: 1\r\n'].map((h, i) => ({
    client: `10.51.0.${i + 1}`, server: '192.0.2.77', segments: [C(''), S(h)],
  })),
  // The same server on another port: no reference response there.
  { client: '10.51.1.1', server: '192.0.2.77', serverPort: 8080, segments: [C(''), S('X-Srv-B: 1\r\n')] },
];

const COMPARED = /^mod=(http request|http response|host change|ip sharing)\|/;

describe('HTTP NAT scoring on a custom database agrees with the real p0f', () => {
  it('os_diff, app_vs_os, ua_vs_os, srv_sig_lb, x_known', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-http-nat-'));
    try {
      const fp = join(dir, 'custom.fp');
      writeFileSync(fp, FP);
      const loaded = loadDatabase(FP, fp);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const pcap = buildHttpPcap(CONVERSATIONS);
      const theirs = runRealP0f(pcap, fp).filter((l) => COMPARED.test(l));
      const file = join(dir, 'nat.pcap');
      writeFileSync(file, pcap);
      const ours = replayPcap(file, loaded.database!).lines.map((l) => l.slice(l.indexOf('] ') + 2).replace(/\n$/, '')).filter((l) => COMPARED.test(l));
      const reasons = theirs.filter((l) => /mod=(host change|ip sharing)/.test(l)).map((l) => /reason=([^|]*)/.exec(l)?.[1]).join(' ');
      for (const r of ['os_diff', 'app_vs_os', 'ua_vs_os', 'srv_sig_lb', 'x_known']) expect(reasons).toContain(r);
      expect(ours).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
