import { describe, expect, it } from 'vitest';
import { isEmptyDiff, semanticDiff } from '../../../compiler/diff/semantic-diff.js';
import { loadForTest } from './load-for-test.js';

const BASE = [
  'classes = win,unix',
  '[mtu]',
  'label = DSL',
  'sig   = 1492',
  '[tcp:request]',
  'label = s:unix:Linux:3.x',
  'sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0',
  'sig   = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0',
  'label = s:win:Windows:7',
  'sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0',
  'label = g:unix:Linux:generic',
  'sig   = 4:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0',
  '[http:request]',
  'ua_os = Linux,Windows',
  'label = s:!:curl:',
  'sys   = @unix,@win',
  'sig   = *:User-Agent,Host,Accept=[*/*]:Connection:curl/',
  '',
].join('\n');

function edit(lines: Record<number, string | null>, insert: Record<number, string[]> = {}): string {
  const out: string[] = [];
  BASE.split('\n').forEach((line, i) => {
    const n = i + 1;
    out.push(...(insert[n] ?? []));
    const replaced = n in lines ? lines[n] : line;
    if (replaced !== null && replaced !== undefined) out.push(replaced);
  });
  return out.join('\n');
}

const base = loadForTest(BASE);

describe('semanticDiff', () => {
  it('is empty for the same database and for a reformatted copy', () => {
    expect(isEmptyDiff(semanticDiff(base, base))).toBe(true);
    const reformatted = `\n\n   ${BASE.replace(/ = /g, '=').replace(/\n/g, '\n\n  ')}`;
    expect(isEmptyDiff(semanticDiff(base, loadForTest(reformatted)))).toBe(true);
  });
  it('reports a field change on the same label', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 7: 'sig   = *:64:0:1460:mss*20,10:mss,sok,ts,nop,ws:df,id+:0' })));
    expect(diff.signatures).toHaveLength(1);
    const change = diff.signatures[0]!;
    expect(change.kind).toBe('changed');
    if (change.kind === 'changed') expect(change.fields).toEqual([{ field: 'mss', old: '*', new: '1460' }]);
  });
  it('reports additions, removals and label changes', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 9: null, 10: null }, { 11: ['label = s:win:Windows:10', 'sig   = *:128:0:*:65535,8:mss,nop,ws,nop,nop,sok:df,id+:0'] })));
    const kinds = diff.signatures.map((c) => `${c.kind} ${c.kind === 'added' ? c.new.label : c.kind === 'removed' ? c.old.label : ''}`);
    expect(kinds.sort()).toEqual(['added s:win:Windows:10', 'removed s:win:Windows:7']);
    expect(diff.labels.map((l) => `${l.kind} ${l.label}`).sort()).toEqual(['added s:win:Windows:10', 'removed s:win:Windows:7']);
  });
  it('reports a relabel as a label field change', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 9: 'label = s:win:Windows:8' })));
    expect(diff.signatures).toHaveLength(1);
    const change = diff.signatures[0]!;
    expect(change.kind === 'changed' && change.fields).toEqual([{ field: 'label', old: 's:win:Windows:7', new: 's:win:Windows:8' }]);
  });
  it('reports a reordering as moves, because order decides ties', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 7: BASE.split('\n')[7]!, 8: BASE.split('\n')[6]! })));
    expect(diff.signatures.map((c) => c.kind)).toEqual(['moved']);
  });
  it('reports newly shadowed and newly reachable signatures', () => {
    // An identical generic signature before a generic one shadows it (p0f's loader only refuses specific covers).
    const shadowing = loadForTest(edit({}, { 11: ['label = g:unix:Catchall:', 'sig   = 4:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0'] }));
    const diff = semanticDiff(base, shadowing);
    expect(diff.reachability.map((r) => `${r.kind} ${r.signature.label} by ${r.by?.label}`)).toEqual(['newly-shadowed g:unix:Linux:generic by g:unix:Catchall:']);
    const back = semanticDiff(shadowing, base);
    expect(back.reachability.map((r) => `${r.kind} ${r.signature.label}`)).toEqual(['newly-reachable g:unix:Linux:generic']);
  });
  it('reports OS-name spelling changes', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 6: 'label = s:unix:LINUX:3.x' })));
    expect(diff.names).toEqual([{ old: 'Linux', new: 'LINUX' }]);
    expect(diff.signatures).toEqual([]);
  });
  it('reports class and ua_os changes', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 1: 'classes = win,unix,other', 14: 'ua_os = Linux,Windows=[Win]' })));
    expect(diff.classes).toEqual([{ kind: 'added', entry: 'other' }]);
    expect(diff.uaOs).toEqual([{ kind: 'removed', entry: 'Windows=[Windows]' }, { kind: 'added', entry: 'Windows=[Win]' }]);
  });
  it('reports a ua_os reordering, since it is the search order', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 14: 'ua_os = Windows,Linux' })));
    expect(diff.uaOs).toEqual([{ kind: 'reordered', entry: 'Windows=[Windows],Linux=[Linux]' }]);
  });
  it('reports MTU changes', () => {
    const diff = semanticDiff(base, loadForTest(edit({ 4: 'sig   = 1480' })));
    expect(diff.signatures.map((c) => (c.kind === 'changed' ? c.fields : c.kind))).toEqual([[{ field: 'mtu', old: '1492', new: '1480' }]]);
  });
});
