import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileModules } from '../../../compiler/cli/compile-command.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { loadMatcherSet } from '../../../runtime/match/matcher-set.js';
import { TcpObservation } from '../../../runtime/fingerprint/tcp-types.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const UPSTREAM = '/etc/p0f/p0f.fp';
const scratch = mkdtempSync(join(tmpdir(), 'p0f-ts-set-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  // generated/ is build output (npm run build); make it when a bare checkout lacks it.
  if (!existsSync(join(root, 'generated/database.generated.ts'))) {
    const db = loadDatabase(readFileSync(UPSTREAM, 'latin1'), UPSTREAM).database!;
    mkdirSync(join(root, 'generated'), { recursive: true });
    for (const [name, text] of Object.entries(compileModules(db, UPSTREAM))) writeFileSync(join(root, 'generated', name), text);
  }
});

/** A Linux 3.x SYN from the corpus-style stock signature `*:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0`. */
function linuxSyn(): TcpObservation {
  const obs = new TcpObservation();
  obs.ipVersion = 4;
  obs.ttl = 61;
  obs.mss = 1460;
  obs.window = 29200;
  obs.windowScale = 10;
  obs.layout.set([2, 4, 8, 1, 3]);
  obs.layoutLength = 5;
  obs.quirks = 0b11; // df, id+
  obs.totalHeaderLength = 60;
  obs.ts1 = 12345;
  return obs;
}

describe('loadMatcherSet', () => {
  it('without -f uses the generated modules, and loads no parser, ts-morph, TypeScript or compiler code', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(here, 'fixtures/record-resolutions.mjs'), join(here, 'fixtures/load-default-set.mts')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stdout).toMatch(/^origin=generated tcp=\d+/);
    const resolved = r.stderr.split('\n').filter((l) => l.startsWith('resolved ')).map((l) => l.slice(9));
    expect(resolved.some((u) => u.includes('/generated/tcp-tables.generated.'))).toBe(true);
    const forbidden = resolved.filter((u) => /node_modules\/(chevrotain|ts-morph|typescript|@ts-morph)\/|\/work\/main\/(compiler|grammar)\//.test(u) || /\/(compiler|grammar)\/[^/]+\.(ts|js)$/.test(u.replace(root, '')));
    expect(forbidden).toEqual([]);
  });

  it('with -f loads the file through the compiler and matches like the generated set', async () => {
    const fromFile = await loadMatcherSet({ fpPath: UPSTREAM, matcher: 'compiled' });
    const generated = await loadMatcherSet({ fpPath: null, matcher: 'compiled' });
    const interpreted = await loadMatcherSet({ fpPath: UPSTREAM, matcher: 'interpreted' });
    expect(fromFile.ok && generated.ok && interpreted.ok).toBe(true);
    if (!fromFile.ok || !generated.ok || !interpreted.ok) return;
    expect(fromFile.origin).toBe('file');
    expect(generated.origin).toBe('generated');
    expect(fromFile.set.database).toEqual(generated.set.database);
    const obs = linuxSyn();
    for (const set of [fromFile.set, generated.set, interpreted.set]) {
      const m = set.tcp.match(obs, 'request', 0);
      expect(m.kind === 'match' ? `${set.database.names[m.signature.nameId]} ${m.signature.flavor} ${m.distance}` : 'none').toBe('Linux 3.11 and newer 3');
      expect(set.mtu.lookup(1500)).toBe('Ethernet or modem');
      expect(set.http).not.toBeNull();
    }
  });

  it('reports a database with errors with its diagnostics', async () => {
    const bad = join(scratch, 'bad.fp');
    writeFileSync(bad, '[tcp:request]\nlabel = s:unix:Linux:x\nsig = 4:64:0:*:8192,0:mss:df:0\n');
    const r = await loadMatcherSet({ fpPath: bad, matcher: 'compiled' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/class/i);
    expect(r.diagnostics?.length).toBeGreaterThan(0);
  });

  it('reports an unreadable file', async () => {
    const r = await loadMatcherSet({ fpPath: join(scratch, 'missing.fp'), matcher: 'compiled' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('missing.fp');
  });
});
