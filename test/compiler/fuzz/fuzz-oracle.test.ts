/**
 * The fuzzer's packets replayed through the real p0f 3.09b (/usr/sbin/p0f): every
 * syn / syn+ack line p0f prints (label, dist, params, raw_sig) must equal p0f-ts's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { run as fuzzCommand } from '../../../compiler/cli/fuzz-command.js';
import { fuzzDatabase } from '../../../compiler/fuzz/fuzz-database.js';
import { runP0fOracle } from '../../../compiler/fuzz/p0f-oracle.js';
import { tcpDatabaseText } from '../../../compiler/fuzz/signature-text.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import type { CliIo } from '../../../runtime/cli/cli-io.js';
import { realisableDatabaseArbitrary } from '../../arbitraries/realisable-database-arbitrary.js';

const P0F = '/usr/sbin/p0f';
const UPSTREAM = '/etc/p0f/p0f.fp';
const scratch = mkdtempSync(join(tmpdir(), 'p0f-ts-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTty: false, write: (t: string) => void (io.out += t), writeError: (t: string) => void (io.err += t) };
  return io;
}

describe('p0f-ts fuzz --oracle', () => {
  it('the real p0f is installed (these tests need it)', () => {
    expect(existsSync(P0F) && existsSync(UPSTREAM)).toBe(true);
  });

  it('agrees with the real p0f on packets for every upstream signature', async () => {
    const seed = Number(process.env.P0F_TS_SEED ?? Date.now() % 2 ** 31);
    const io = captureIo();
    const code = await fuzzCommand([UPSTREAM, '--seed', String(seed), '--runs', '3', '--oracle', P0F], io);
    const summary = /oracle \S+: (\d+) packets compared, (\d+) disagreement/.exec(io.out);
    expect(summary, io.out + io.err).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThan(900);
    expect(Number(summary![2]), io.out.split('\n').filter((l) => l.startsWith('DISAGREEMENT') || l.startsWith('  ')).join('\n')).toBe(0);
    expect(code).toBe(0);
    // Every upstream signature is either synthesised or explained.
    expect(io.out).not.toMatch(/MISSED|SYNTHESIS ERROR/);
  });

  it('agrees with the real p0f on random databases, including fuzzy and userland matches', () => {
    const seed = Number(process.env.P0F_TS_SEED ?? Date.now() % 2 ** 31);
    const dbs = fc.sample(realisableDatabaseArbitrary(), { seed, numRuns: 12 });
    const tiers = new Map<string, number>();
    const problems: string[] = [];
    dbs.forEach((random, i) => {
      const path = join(scratch, `random-${i}.fp`);
      const text = tcpDatabaseText(random);
      writeFileSync(path, text);
      const db = loadDatabase(text, path).database;
      if (db === null) return; // e.g. a duplicate signature; p0f would refuse it too
      const fuzz = fuzzDatabase(db, { seed: seed + i, runs: 3, perturb: true });
      for (const c of fuzz.cases) {
        const key = c.result.kind === 'match' ? c.result.tier : c.result.fuzzyUserland ? 'none-userland' : 'none';
        tiers.set(key, (tiers.get(key) ?? 0) + 1);
      }
      const oracle = runP0fOracle(fuzz.cases, { p0fPath: P0F, dbPath: path });
      if (!oracle.ok) problems.push(`${path}: ${oracle.message}`);
      else for (const d of oracle.disagreements) problems.push(`seed ${seed} db ${i} line ${d.case.signature.line} ${d.fields.join(',')}: ours ${JSON.stringify(d.case.expected)} p0f ${JSON.stringify(d.actual)} packet ${Buffer.from(d.case.packet).toString('hex')}\n${text}`);
    });
    expect(problems.slice(0, 3).join('\n\n')).toBe('');
    for (const key of ['exact', 'generic', 'fuzzy', 'none', 'none-userland']) expect(tiers.get(key) ?? 0, JSON.stringify([...tiers])).toBeGreaterThan(0);
  });

  it('names the signature that shadows another, and p0f prints the winner for its packets', async () => {
    const path = join(scratch, 'shadow.fp');
    writeFileSync(path, [
      'classes = unix',
      '[tcp:request]',
      'label = s:unix:Winner:',
      'sig = *:64:0:*:1024,0:mss::0',
      'label = g:unix:Loser:',
      // No ws option, so the scale is always 0 and every packet is Winner's.
      'sig = *:64:0:*:1024,*:mss::0',
      'label = g:unix:Partly:',
      'sig = *:64:0:*:%512,0:mss::0',
      '',
    ].join('\n'));
    const io = captureIo();
    const code = await fuzzCommand([path, '--seed', '9', '--runs', '12', '--oracle', P0F], io);
    expect(io.out).toContain('line 6 [tcp:request] g:unix:Loser:: shadowed by line 4 (s:unix:Winner:)');
    expect(io.out).toMatch(/line 8 \[tcp:request\] g:unix:Partly:: (reached 12\/12|partly shadowed \(reached \d+\/12\) by line 4)/);
    expect(io.out).toContain('line 4 [tcp:request] s:unix:Winner:: reached 12/12');
    expect(io.out).toMatch(/, 0 disagreement\(s\)/);
    expect(code).toBe(0);
  });

  it('reports disagreements when p0f runs a different database', () => {
    const text = readFileSync(UPSTREAM, 'latin1');
    const db = loadDatabase(text, UPSTREAM).database!;
    const renamed = join(scratch, 'renamed.fp');
    writeFileSync(renamed, text.replace(/:Linux:/g, ':Lunix:'));
    const fuzz = fuzzDatabase(db, { seed: 1, runs: 1 });
    const oracle = runP0fOracle(fuzz.cases, { p0fPath: P0F, dbPath: renamed });
    expect(oracle.ok).toBe(true);
    if (!oracle.ok) return;
    expect(oracle.disagreements.length).toBeGreaterThan(10);
    expect(oracle.disagreements.every((d) => d.fields.includes('label'))).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const db = loadDatabase(readFileSync(UPSTREAM, 'latin1'), UPSTREAM).database!;
    const a = fuzzDatabase(db, { seed: 42, runs: 2, perturb: true });
    const b = fuzzDatabase(db, { seed: 42, runs: 2, perturb: true });
    expect(b.cases.map((c) => Buffer.from(c.packet).toString('hex'))).toEqual(a.cases.map((c) => Buffer.from(c.packet).toString('hex')));
  });
});
