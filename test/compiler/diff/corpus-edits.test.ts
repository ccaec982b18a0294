/**
 * A copy of the upstream database with a handful of deliberate edits: the diff must report
 * exactly those edits, and its corpus replay must find the same classification changes
 * the real p0f shows when run with the edited database (the stored corpus logs are the
 * real p0f on the stock database).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOnCorpus, findCaptures, observeCapture, outcomeText, type CorpusComparison } from '../../../compiler/diff/replay-corpus.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';
import { semanticDiff, type SemanticDiff } from '../../../compiler/diff/semantic-diff.js';
import { loadForTest } from './load-for-test.js';
import { CORPUS_DIR } from '../../helpers/shared-corpus.js';

const CORPUS = CORPUS_DIR;
const STOCK_PATH = '/etc/p0f/p0f.fp';
const P0F = '/usr/sbin/p0f';

function editStock(stock: string): string {
  const lines = stock.split('\n');
  const expectLine = (n: number, text: string): void => expect(lines[n - 1]).toBe(text);
  // 1. spelling: the first label creates the name `Linux`, so every Linux label now prints `LINUX`.
  expectLine(95, 'label = s:unix:Linux:3.11 and newer');
  lines[94] = 'label = s:unix:LINUX:3.11 and newer';
  // 2. a field change: window scale 10 -> 11.
  expectLine(96, 'sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0');
  lines[95] = 'sig   = *:64:0:*:mss*20,11:mss,sok,ts,nop,ws:df,id+:0';
  // 3. a move: swap two signatures of one label.
  expectLine(100, 'sig   = *:64:0:*:mss*10,4:mss,sok,ts,nop,ws:df,id+:0');
  expectLine(101, 'sig   = *:64:0:*:mss*10,5:mss,sok,ts,nop,ws:df,id+:0');
  [lines[99], lines[100]] = [lines[100] as string, lines[99] as string];
  // 4. a removal in [tcp:response].
  expectLine(362, 'sig   = *:64:0:*:mss*10,0:mss:df:0');
  lines.splice(361, 1);
  // 5. an addition at the end of [tcp:request], for a SYN the stock database does not know.
  expectLine(350, '[tcp:response]');
  lines.splice(348, 0, 'label = s:unix:TestOS:added', 'sig   = 4:64:0:1460:1,10:ws,nop,mss,ts,sok:id-,ack+:0', '');
  return lines.join('\n');
}

/** observation key (`mod|cli|srv|[time]#n`) → outcome text, from a p0f -o log. */
function logOutcomes(log: string): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const line of log.split('\n')) {
    const fields = new Map<string, string>();
    for (const part of line.replace(/^\[[^\]]*\] /, '').split('|')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
    }
    const mod = fields.get('mod');
    if (mod === undefined || !OBSERVED.includes(mod)) continue;
    const value = mod === 'mtu' ? fields.get('link') : (fields.get('os') ?? fields.get('app'));
    const params = fields.get('params') ?? '';
    const label = value === undefined || value === '???' ? '???' : value;
    const tier = label === '???' ? '' : params.includes('fuzzy') ? ' [fuzzy]' : params.includes('generic') ? ' [generic]' : '';
    out.set(numbered(`${mod}|${fields.get('cli')}|${fields.get('srv')}|${line.slice(0, 21)}`, seen), `${label}${tier}`);
  }
  return out;
}

const OBSERVED = ['syn', 'syn+ack', 'sendsyn probe', 'sendsyn response', 'http request', 'http response', 'mtu'];

function numbered(key: string, seen: Map<string, number>): string {
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  return `${key}#${n}`;
}

function stamp(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `[${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}]`;
}

function ourOutcomes(db: SignatureDatabase, capture: string): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const o of observeCapture(db, capture, { compat: true }).observations) {
    out.set(numbered(`${o.keyword}|${o.client}|${o.server}|${stamp(o.seconds)}`, seen), outcomeText(o.outcome));
  }
  return out;
}

function changeCounts(before: Map<string, string>, after: Map<string, string>, keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) {
    const a = before.get(k) ?? '(not observed)';
    const b = after.get(k) ?? '(not observed)';
    if (a === b) continue;
    const label = `${k.split('|')[0]}: ${a} -> ${b}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

const sorted = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));

describe('diff of the upstream database with deliberate edits', () => {
  let work: string;
  let diff: SemanticDiff;
  let comparison: CorpusComparison;
  let editedPath: string;

  beforeAll(() => {
    expect(existsSync(CORPUS), `${CORPUS} must exist for this test`).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'p0f-ts-diff-'));
    const stock = readFileSync(STOCK_PATH, 'latin1');
    const edited = editStock(stock);
    editedPath = join(work, 'edited.fp');
    writeFileSync(editedPath, edited, 'latin1');
    const before = loadForTest(stock, STOCK_PATH);
    const after = loadForTest(edited, editedPath);
    diff = semanticDiff(before, after);
    comparison = compareOnCorpus(before, after, findCaptures([CORPUS]).files, diff, { compat: true });
  }, 600_000);
  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('reports exactly the edits', () => {
    const described = diff.signatures.map((c) => {
      switch (c.kind) {
        case 'added':
          return `added ${c.section} ${c.new.label} ${c.new.text}`;
        case 'removed':
          return `removed ${c.section} line ${c.old.line}`;
        case 'moved':
          return `moved ${c.section} ${c.old.text}`;
        case 'changed':
          return `changed ${c.section} line ${c.old.line} ${c.fields.map((f) => `${f.field}:${f.old}->${f.new}`).join(',')}`;
      }
    });
    expect(described.sort()).toEqual([
      'added tcp:request s:unix:TestOS:added 4:64:0:1460:1,10:ws,nop,mss,ts,sok:id-,ack+:0',
      'changed tcp:request line 96 scale:10->11',
      expect.stringMatching(/^moved tcp:request \*:64:0:\*:mss\*10,[45]:mss,sok,ts,nop,ws:df,id\+:0$/),
      'removed tcp:response line 362',
    ]);
    expect(diff.names).toEqual([{ old: 'Linux', new: 'LINUX' }]);
    expect(diff.labels.map((l) => `${l.kind} ${l.label}`)).toEqual(['added s:unix:TestOS:added']);
    expect(diff.classes).toEqual([]);
    // ua_os entries without an alias match the interned spelling, so the rename reaches them.
    expect(diff.uaOs).toEqual([{ kind: 'removed', entry: 'Linux=[Linux]' }, { kind: 'added', entry: 'LINUX=[LINUX]' }]);
  });

  it('attributes every classification change to a reported change', () => {
    expect(comparison.captures.length).toBeGreaterThan(50);
    expect(comparison.errors.filter((e) => !/damaged|truncated/i.test(e))).toEqual([]);
    expect(comparison.changes.length).toBeGreaterThan(0);
    expect(comparison.unattributed).toBe(0);
    const causedBy = (kind: string): number => comparison.changes.filter((c) => c.causes.some((k) => diff.signatures[k]?.kind === kind)).length;
    expect(causedBy('changed')).toBeGreaterThan(0);
    expect(causedBy('removed')).toBeGreaterThan(0);
    expect(causedBy('added')).toBeGreaterThan(0);
    expect(comparison.changes.filter((c) => c.nameCauses.length > 0).length).toBeGreaterThan(0);
  });

  it('finds the same classification changes as the real p0f run with the edited database', () => {
    expect(existsSync(P0F)).toBe(true);
    const stockDb = loadForTest(readFileSync(STOCK_PATH, 'latin1'), STOCK_PATH);
    const editedDb = loadForTest(readFileSync(editedPath, 'latin1'), editedPath);
    let observations = 0;
    const stockDisagreements: string[] = [];
    const editedDisagreements: string[] = [];
    const oursAll = new Map<string, number>();
    const p0fAgreeing = new Map<string, number>();
    const oursAgreeing = new Map<string, number>();
    const add = (into: Map<string, number>, from: Map<string, number>): void => {
      for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
    };
    for (const capture of comparison.captures) {
      const stockLog = capture.replace(/\.pcap$/, '.p0f.log').replace(/\.pcapng$/, '.pcapng.p0f.log');
      expect(existsSync(stockLog), stockLog).toBe(true);
      const newLog = join(work, `${basename(capture)}.log`);
      execFileSync(P0F, ['-r', capture, '-f', editedPath, '-o', newLog], { env: { ...process.env, TZ: 'UTC' }, stdio: 'ignore' });
      const p0fOld = logOutcomes(readFileSync(stockLog, 'latin1'));
      const p0fNew = logOutcomes(existsSync(newLog) ? readFileSync(newLog, 'latin1') : '');
      const oursOld = ourOutcomes(stockDb, capture);
      const oursNew = ourOutcomes(editedDb, capture);
      const keys = new Set([...p0fOld.keys(), ...p0fNew.keys(), ...oursOld.keys(), ...oursNew.keys()]);
      observations += keys.size;
      // Observations where our replay already disagrees with p0f on the stock database are a
      // replay-fidelity matter, not a diff matter: count them, and compare the rest exactly.
      const agreeing = [...keys].filter((k) => p0fOld.get(k) === oursOld.get(k));
      for (const k of keys) if (p0fOld.get(k) !== oursOld.get(k)) stockDisagreements.push(`${basename(capture)} ${k}`);
      for (const k of agreeing) {
        if (p0fNew.get(k) !== oursNew.get(k)) editedDisagreements.push(`${basename(capture)} ${k}: p0f ${p0fNew.get(k)}, ours ${oursNew.get(k)}`);
      }
      add(oursAll, changeCounts(oursOld, oursNew, keys));
      add(p0fAgreeing, changeCounts(p0fOld, p0fNew, agreeing));
      add(oursAgreeing, changeCounts(oursOld, oursNew, agreeing));
    }
    expect(observations).toBeGreaterThan(5000);
    expect(stockDisagreements.length / observations).toBeLessThan(0.01);
    expect(editedDisagreements).toEqual([]);
    expect(sorted(oursAgreeing)).toEqual(sorted(p0fAgreeing));
    // compareOnCorpus pairs observations itself; it must find the same changes.
    const grouped = new Map<string, number>();
    for (const c of comparison.changes) {
      const k = `${c.keyword}: ${outcomeText(c.old)} -> ${outcomeText(c.new)}`;
      grouped.set(k, (grouped.get(k) ?? 0) + 1);
    }
    expect(sorted(grouped)).toEqual(sorted(oursAll));
  }, 600_000);
});
