import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parseFp } from '../../grammar/parse-fp.js';
import { printFp, printHttpSig, printLabel, printTcpSig } from '../../grammar/print-fp.js';
import { loadDatabase } from '../../compiler/model/load-database.js';
import type { FpFile, Statement } from '../../grammar/ast.js';

function statement(text: string, index: number): Statement {
  const item = parseFp(text, 't').ast.items[index];
  if (item.kind === 'comment' || item.kind === 'blank') throw new Error('not a statement');
  return item;
}

describe('printFp', () => {
  it('prints values as written, with canonical layout', () => {
    const text = 'classes = win,unix\n  [tcp:request]\nlabel=s:unix:Linux:2.6 \n\t; note\n\nsig\t=\t*:64-:0:*:mss*4,7:?2,nop,eol+3:df,id+:+\n[mtu]\nlabel = eth  \nsig=1500';
    expect(printFp(parseFp(text, 't').ast)).toBe(
      'classes = win,unix\n[tcp:request]\nlabel = s:unix:Linux:2.6 \n; note\n\nsig   = *:64-:0:*:mss*4,7:?2,nop,eol+3:df,id+:+\n[mtu]\nlabel = eth  \nsig   = 1500\n',
    );
  });

  it('per-value printers', () => {
    const tcp = statement('[tcp:request]\nsig = 6:64+3:04:1460:%512,*:mss,ts:flow:0\n', 1);
    expect(tcp.kind === 'sig' && tcp.value.kind === 'tcp-sig' ? printTcpSig(tcp.value) : null).toBe('6:64+3:4:1460:%512,*:mss,ts:flow:0');
    // N-: swallows one character, so the printer writes a filler '0' before the olen.
    const bad = statement('[tcp:request]\nsig = *:64-:x7:*:*,*:::0\n', 1);
    expect(bad.kind === 'sig' && bad.value.kind === 'tcp-sig' ? printTcpSig(bad.value) : null).toBe('*:64-:07:*:*,*:::0');
    const http = statement('[http:request]\nsig = *:?Host,Accept=[a:b]:Cookie,X: Chrom\n', 1);
    expect(http.kind === 'sig' && http.value.kind === 'http-sig' ? printHttpSig(http.value) : null).toBe('*:?Host,Accept=[a:b]:Cookie,X: Chrom');
    const label = statement('classes = a\n[tcp:request]\nlabel = g:!:nmap:\n', 2);
    expect(label.kind === 'label' && label.value.kind === 'signature-label' ? printLabel(label.value) : null).toBe('g:!:nmap:');
  });

  it.runIf(existsSync('/etc/p0f/p0f.fp'))('round-trips the stock database to the same AST and the same signatures', () => {
    const text = readFileSync('/etc/p0f/p0f.fp', 'latin1');
    const ast = parseFp(text, 'p0f.fp').ast;
    const printed = printFp(ast);
    const shape = (f: FpFile): unknown => JSON.parse(JSON.stringify(f.items, (k, v: unknown) => (k === 'span' ? undefined : v)));
    expect(shape(parseFp(printed, 'p0f.fp').ast)).toEqual(shape(ast));
    const a = loadDatabase(text, 'p0f.fp').database;
    const b = loadDatabase(printed, 'p0f.fp').database;
    expect(b?.signatureCount).toBe(322);
    expect({ ...b, source: null }).toEqual({ ...a, source: null });
  });
});
