/**
 * TCP signatures where the order of p0f's checks decides the error (a range check before a
 * later syntax error, a separator check before a range check, the option count before the
 * option itself, `N-:` skipping a character). Each value is loaded by the real p0f 3.09b:
 * our first diagnostic must carry p0f's exact abort message, or there must be none when
 * p0f accepts the database.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFp } from '../../grammar/parse-fp.js';
import { p0fAbortMessage, writeEmptyPcap } from '../helpers/p0f-loader.js';

const P0F = '/usr/sbin/p0f';
const HEAD = 'classes = win,unix\n[tcp:request]\nlabel = s:unix:Linux:x\n';
const nops = (n: number): string => Array(n).fill('nop').join(',');

const VALUES = [
  '*:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0',
  '4:0-:',
  '4:64-:',
  '4:64-:x',
  '4:64-::0:*:*,0::df:0',
  '4:64-:1300:*:*,0::df:0',
  '*:64-:300:*:%2,*:?9,eol+3:flow,:+',
  '4:0:0:*x',
  '4:0+x:0:*:*,0::df:0',
  '4:250+10x',
  '4:250+5:0:*:*,0::df:0',
  '4:64:256:*x',
  '4:64:0:*:%1x',
  '4:64:0:*:mss*0,',
  '4:64:0:*:mss*0x',
  '4:64:0:*:mtu*1001,0::df:0',
  '4:64:0:*:*,256x',
  '4:64:0:*:*,0:?256x:df:0',
  '4:64:0:*:*,0:?256,nop:df:0',
  '4:64:0:*:*,0:eol+256,:df:0',
  '4:64:0:*:*,0:eol+256:df:0',
  '4:64:0:*:*,0:eol+1',
  '4:64:0:*:*,0:eol,nop:df:0',
  '4:64:0:*:*,0:nop,,nop:df:0',
  '4:64:0:*:*,0:nop,:df,:0',
  `4:64:0:*:*,0:${nops(24)},zz`,
  `4:64:0:*:*,0:${nops(24)},:df:0`,
  `4:64:0:*:*,0:${nops(23)},eol+1:df:0`,
  `4:64:0:*:*,0:${nops(24)},eol+1:df:0`,
  '6:64:0:*:*,0::df,x',
  '6:64:0:*:*,0::ecn,0+x',
  '4:64:0:*:*,0::flowx',
  '4:64:0:*:*,0::dfx:0',
  '4:64:0:*:*,0::df:0 ',
];

function p0fVerdict(dir: string, pcap: string, value: string): string | null {
  const fp = join(dir, 't.fp');
  writeFileSync(fp, `${HEAD}sig = ${value}\n`);
  const r = spawnSync(P0F, ['-f', fp, '-r', pcap, '-o', join(dir, 'log')], { encoding: 'latin1' });
  if (r.status === 0) return null;
  return p0fAbortMessage(r.stderr) ?? `unparsed p0f output: ${r.stderr}`;
}

describe.runIf(existsSync(P0F))('TCP signature check order, against the real p0f loader', () => {
  it(`agrees with p0f on ${VALUES.length} values`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'p0f-ts-tcp-order-'));
    try {
      const pcap = join(dir, 'empty.pcap');
      writeEmptyPcap(pcap);
      const theirs = VALUES.map((v) => [v, p0fVerdict(dir, pcap, v)]);
      const ours = VALUES.map((v) => [v, parseFp(`${HEAD}sig = ${v}\n`, 't.fp').diagnostics[0]?.p0fMessage ?? null]);
      expect(ours).toEqual(theirs);
      // The set must exercise both outcomes, or it proves nothing about acceptance.
      expect(theirs.filter(([, m]) => m === null).length).toBeGreaterThan(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
