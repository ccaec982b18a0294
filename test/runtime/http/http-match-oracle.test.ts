/**
 * Matching semantics (spec B.5) against the real p0f on a custom database: extra headers
 * anywhere, optional headers out of order, value substrings on the first occurrence only,
 * habsent, ver, generic vs specific order, case-sensitive names, duplicate entries and the
 * expected-software (dishonest) test with significant leading blanks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { buildHttpTables } from '../../../compiler/tables/build-http-tables.js';
import { createCompiledHttpMatcher } from '../../../runtime/match/http-matcher.js';
import { createInterpretedMtuMatcher } from '../../../runtime/match/mtu-matcher.js';
import { createInterpretedTcpMatcher } from '../../../runtime/match/tcp-interpreter.js';
import { replayPcap } from '../process/fixtures/replay-tcp.js';
import { buildHttpPcap, type HttpConversation } from './fixtures/http-flow-pcap.js';
import { runRealP0f } from './fixtures/run-real-p0f.js';

const FP = `classes = win,unix

[http:request]
label = s:!:Opt:
sys   = @unix
sig   = 1:Host,?X-O1,X-O2::

label = s:!:Val:
sys   = @unix
sig   = *:Host,X-V=[abc]::

label = s:!:Ver0:
sys   = @unix
sig   = 0:Host,X-Ver::

label = g:!:Gen:
sys   = @unix
sig   = *:Host,X-G::

label = s:!:Spec:
sys   = @unix
sig   = *:Host,X-G,X-G2::

label = s:!:Abs:
sys   = @unix
sig   = *:Host,X-Abs:X-No,Cookie:

label = s:!:Sw:
sys   = @unix
sig   = *:Host,X-Sw:: Chrom

label = s:!:Case:
sys   = @unix
sig   = *:Host,X-Case::

label = s:!:Dup:
sys   = @unix
sig   = *:Host,X-D=[1],X-D=[2]::

label = s:!:OptVal:
sys   = @unix
sig   = *:Host,X-OVM,?X-OV=[v]::
`;

const REQUESTS = [
  'X-O1: a\r\nX-O2: b\r\n', 'X-O2: b\r\n', 'X-O2: b\r\nX-O1: a\r\n', 'X-Extra: 1\r\nX-O1: a\r\nX-Extra: 2\r\nX-O2: b\r\nX-Extra: 3\r\n',
  'X-V: xxabcxx\r\n', 'X-V: ab\r\n', 'X-V: ab\r\nX-V: abc\r\n', 'X-V:\r\n', 'X-V: ABC\r\n',
  'X-Ver: 1\r\n', 'X-G: 1\r\n', 'X-G: 1\r\nX-G2: 1\r\n', 'X-G2: 1\r\nX-G: 1\r\n',
  'X-Abs: 1\r\n', 'X-Abs: 1\r\nX-No: 1\r\n', 'X-Abs: 1\r\nCookie: a\r\n', 'X-Abs: 1\r\ncookie: a\r\n',
  'X-Sw: 1\r\nUser-Agent: Mozilla Chrome/1\r\n', 'X-Sw: 1\r\nUser-Agent: Chrome/1\r\n', 'X-Sw: 1\r\n', 'X-Sw: 1\r\nUser-Agent: \x00Chrome\r\n',
  'X-Case: 1\r\n', 'x-case: 1\r\n', 'X-D: 1\r\nX-D: 2\r\n', 'X-D: 2\r\nX-D: 1\r\n', 'X-D: 12\r\n', 'X-D: 1\r\nX-D: 3\r\nX-D: 2\r\n',
  'X-OVM: 1\r\nX-OV: v\r\n', 'X-OVM: 1\r\nX-OV: w\r\n', 'X-OVM: 1\r\nX-OV:\r\n', 'X-OV: v\r\nX-OVM: 1\r\n', 'X-OVM: 1\r\n', '',
];

const COMPARED = /^mod=(http request|host change|ip sharing)\|/;

describe('HTTP signature matching on a custom database agrees with the real p0f', () => {
  it('order, optional, values, absent, version, generic, case, duplicates, expsw', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-http-match-'));
    try {
      const fp = join(dir, 'match.fp');
      writeFileSync(fp, FP);
      const loaded = loadDatabase(FP, fp);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const conversations: HttpConversation[] = [];
      for (const version of ['1.1', '1.0']) {
        for (const headers of REQUESTS) conversations.push({ segments: [{ toServer: true, data: `GET / HTTP/${version}\r\nHost: h\r\n${headers}\r\n` }] });
      }
      const pcap = buildHttpPcap(conversations);
      const theirs = runRealP0f(pcap, fp).filter((l) => COMPARED.test(l));
      const file = join(dir, 'match.pcap');
      writeFileSync(file, pcap);
      const ours = replayPcap(file, loaded.database!).lines.map((l) => l.slice(l.indexOf('] ') + 2).replace(/\n$/, '')).filter((l) => COMPARED.test(l));
      const apps = new Set(theirs.map((l) => /\|app=([^|]*)/.exec(l)?.[1]));
      for (const name of ['Opt', 'Val', 'Ver0', 'Gen', 'Spec', 'Abs', 'Sw', 'Case', 'Dup', 'OptVal', '???']) expect(apps).toContain(name);
      expect(theirs.some((l) => l.includes('params=dishonest'))).toBe(true);
      expect(ours).toEqual(theirs);
      // The same through the compiled HTTP matcher.
      const db = loaded.database!;
      const compiled = replayPcap(file, db, {
        matchers: { database: db, tcp: createInterpretedTcpMatcher(db), mtu: createInterpretedMtuMatcher(db.mtu), http: createCompiledHttpMatcher(db, buildHttpTables(db)) },
      });
      expect(compiled.lines.map((l) => l.slice(l.indexOf('] ') + 2).replace(/\n$/, '')).filter((l) => COMPARED.test(l))).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
