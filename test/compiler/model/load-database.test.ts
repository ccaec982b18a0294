/** loadDatabase builds p0f's model: counts, interning, label ids, sys and ua_os lists. */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { QUIRK_BIT } from '../../../runtime/fingerprint/tcp-types.js';

const STOCK = '/etc/p0f/p0f.fp';

describe.runIf(existsSync(STOCK))('the stock database', () => {
  const bytes = readFileSync(STOCK);
  const { database, diagnostics } = loadDatabase(bytes.toString('latin1'), STOCK);

  it('loads without errors, with the counts p0f prints', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(database).not.toBeNull();
    // p0f: "[+] Loaded 322 signatures from '/etc/p0f/p0f.fp'."
    expect(database?.signatureCount).toBe(322);
    expect([database?.mtu.length, database?.tcpRequest.length, database?.tcpResponse.length, database?.httpRequest.length, database?.httpResponse.length])
      .toEqual([25, 91, 101, 85, 20]);
    expect(database?.classes).toEqual(['win', 'unix', 'other']);
  });

  it('hashes the file bytes', () => {
    expect(database?.source.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('builds the first TCP signature as p0f stores it', () => {
    const s = database?.tcpRequest[0];
    expect(s).toMatchObject({
      generic: false, classId: 1, flavor: '3.11 and newer', labelId: 1, direction: 'request', ipVersion: 'any', ttl: 64,
      badTtl: false, ipOptionLength: 0, mss: -1, window: { kind: 'mss', multiplier: 20 }, windowScale: 10,
      layout: [2, 4, 8, 1, 3], eolPad: 0, quirks: QUIRK_BIT.df | QUIRK_BIT['id+'], payloadClass: 0,
    });
    expect(database?.names[s?.nameId ?? -1]).toBe('Linux');
  });
});

describe('model details', () => {
  const head = 'classes = win,unix\n';

  it('keeps the first spelling of a name and looks names up case-insensitively', () => {
    const db = loadDatabase(`${head}[tcp:request]\nlabel = s:!:linux:\nsys = LINUX\nsig = *:64:0:*:*,*:::0\nlabel = s:unix:Linux:\nsig = *:65:0:*:*,*:nop::0\n`, 't').database;
    expect(db?.names).toEqual(['linux']);
    expect(db?.tcpRequest.map((s) => s.nameId)).toEqual([0, 0]);
  });

  it('truncates label and ua_os names to length mod 256 but not sys names', () => {
    const long = 'A'.repeat(302);
    const db = loadDatabase(`${head}[http:request]\nua_os = ${long}\nlabel = s:!:${long}:\nsys = ${long}\n`, 't').database;
    expect(db?.names.map((n) => n.length)).toEqual([46, 302]);
  });

  it('counts label ids over tcp/http labels only and carries a stale sys list', () => {
    const db = loadDatabase(`${head}[mtu]\nlabel = eth\nsig = 1500\n[tcp:request]\nlabel = s:!:Tool:\nsys = Linux,@win\nsig = *:64:0:*:*,*:::0\nlabel = g:unix:Linux:\nsig = *:65:0:*:*,*:nop::0\n`, 't').database;
    expect(db?.mtu).toEqual([{ mtu: 1500, label: 'eth', line: 4 }]);
    expect(db?.tcpRequest.map((s) => [s.labelId, s.classId, s.generic, s.line])).toEqual([[1, -1, false, 8], [2, 1, true, 10]]);
    expect(db?.tcpRequest[1].sys).toEqual([{ kind: 'name', nameId: 1 }, { kind: 'class', classId: 0 }]);
  });

  it('maps ua_os entries to the interned spelling or the alias', () => {
    const db = loadDatabase(`${head}[tcp:request]\nlabel = s:unix:Linux:\n[http:request]\nua_os = linux,iOS=[iPad],Linux=[L]Win\n`, 't').database;
    expect(db?.uaOs.map((u) => [db.names[u.nameId], u.match])).toEqual([['Linux', 'Linux'], ['iOS', 'iPad'], ['Linux', 'L'], ['Win', 'Win']]);
  });

  it('stores TTL forms and window types', () => {
    const db = loadDatabase(`${head}[tcp:response]\nlabel = s:unix:X:\nsig = 4:64+3:0:*:%512,*:::*\nsig = 6:64-:04:*:mtu*4,*:eol+3::+\n`, 't').database;
    expect(db?.tcpResponse.map((s) => [s.ttl, s.badTtl, s.ipOptionLength, s.window, s.layout, s.eolPad, s.payloadClass])).toEqual([
      [67, false, 0, { kind: 'mod', divisor: 512 }, [], 0, -1],
      [64, true, 4, { kind: 'mtu', multiplier: 4 }, [0], 3, 1],
    ]);
  });

  it('gives no database when there is any error, but still all diagnostics', () => {
    const r = loadDatabase('[tcp:request]\nsig = x\nlabel = s:nope:X:\n', 't');
    expect(r.database).toBeNull();
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['E014', 'E023', 'E005']);
  });

  it('an empty file is a valid, empty database', () => {
    expect(loadDatabase('', 't').database?.signatureCount).toBe(0);
  });
});
