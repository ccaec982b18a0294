import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainHttp } from '../../../compiler/explain/explain-http.js';
import { parseHttpRawSig } from '../../../compiler/explain/parse-http-raw-sig.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { findFiles, CORPUS } from './corpus-observations.js';

const db = loadDatabase(readFileSync('/etc/p0f/p0f.fp', 'latin1'), '/etc/p0f/p0f.fp').database;

describe('parseHttpRawSig', () => {
  it('reads headers, values with commas and colons, optional headers, absent list and software', () => {
    const parsed = parseHttpRawSig('1:Host,User-Agent,Accept=[text/html,*/*;q=0.8],?Cookie,X-Odd=[a:b]:Connection,Keep-Alive:Mozilla/5.0 (X11: Linux)', 'request');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.observation.version).toBe(1);
    expect(parsed.observation.headers).toEqual([
      { name: 'Host', value: null },
      // p0f prints the User-Agent value only as the software field.
      { name: 'User-Agent', value: 'Mozilla/5.0 (X11: Linux)' },
      { name: 'Accept', value: 'text/html,*/*;q=0.8' },
      { name: 'Cookie', value: null },
      { name: 'X-Odd', value: 'a:b' },
    ]);
    expect(parsed.observation.software).toBe('Mozilla/5.0 (X11: Linux)');
    expect(parsed.notes).toEqual(["'Cookie' is present; p0f does not print its value"]);
  });
  it.each([
    ['2:Host::', /starts with '0:' or '1:'/],
    ['1:Host=[x', /unterminated value/],
    ['1:Ho.st::', /expected ',' or ':'/],
    ['1:Host', /expected ',' or ':' after header 'Host'/],
    ['1:Host:Accept', /missing the software field/],
  ])('rejects %s', (text, message) => {
    const parsed = parseHttpRawSig(text, 'request');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('explainHttp on the upstream database', () => {
  it('names the failing header for the near misses of a curl request', () => {
    const parsed = parseHttpRawSig('1:User-Agent,Host,Accept=[*/*]:Connection,Accept-Encoding,Accept-Language,Accept-Charset,Keep-Alive:curl/7.1', 'request');
    if (!parsed.ok || db === null) throw new Error('setup');
    const e = explainHttp(db.httpRequest, parsed.observation);
    expect(e.result.kind === 'match' && db.names[e.result.signature.nameId]).toBe('curl');
    expect(e.candidates[0]?.winner).toBe(true);
    expect(e.candidates[0]?.signature.line).toBeGreaterThan(500);
  });

  it("agrees with the real p0f's label and params for the corpus http lines", () => {
    if (db === null) throw new Error('stock database does not load');
    let checked = 0;
    const disagreements: string[] = [];
    for (const file of findFiles(CORPUS, '.p0f.log')) {
      for (const line of readFileSync(file, 'latin1').split('\n')) {
        const mod = /mod=(http request|http response)\|/.exec(line)?.[1];
        if (mod === undefined) continue;
        const rawSig = line.slice(line.indexOf('|raw_sig=') + '|raw_sig='.length);
        const value = /\|(?:os|app)=([^|]*)\|/.exec(line)?.[1] ?? '';
        const params = /\|params=([^|]*)\|/.exec(line)?.[1] ?? '';
        const direction = mod === 'http request' ? 'request' : 'response';
        const parsed = parseHttpRawSig(rawSig, direction);
        if (!parsed.ok) {
          disagreements.push(`${file}: cannot parse ${rawSig}: ${parsed.error}`);
          continue;
        }
        const e = explainHttp(direction === 'request' ? db.httpRequest : db.httpResponse, parsed.observation);
        const r = e.result;
        const label = r.kind === 'match' ? `${db.names[r.signature.nameId]}${r.signature.flavor ? ` ${r.signature.flavor}` : ''}` : '???';
        const ours = `${label}|${[e.dishonest ? 'dishonest' : '', parsed.observation.software === null ? 'anonymous' : '', r.kind === 'match' && r.signature.generic ? 'generic' : ''].filter((p) => p !== '').join(' ') || 'none'}`;
        checked++;
        if (ours !== `${value}|${params}`) disagreements.push(`${file}: ${rawSig}: p0f ${value}|${params}, explain ${ours}`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(disagreements).toEqual([]);
  });
});
