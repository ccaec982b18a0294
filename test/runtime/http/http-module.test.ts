/**
 * The HTTP module's flow decisions and event shape. The byte-level acceptance rules are
 * checked against the real p0f in http-oracle.test.ts; these pin what the oracle cannot
 * see directly (return values, the fixed mode, typed data, robustness).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { driveHttp, field } from './fixtures/drive-http.js';
import { stockDatabase } from './fixtures/stock-database.js';

const db = stockDatabase();
const REQ = 'GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: curl/7.1\r\nAccept: */*\r\n\r\n';
const RESP = 'HTTP/1.1 200 OK\r\nServer: s\r\nContent-Type: text/html\r\n\r\n';
const c = (data: string | Uint8Array) => ({ toServer: true, data });
const s = (data: string | Uint8Array) => ({ toServer: false, data });

describe('processHttpPayload flow decisions', () => {
  it('keeps the flow after the request and ends it after the response', () => {
    const r = driveHttp([c(REQ), s(RESP)], db);
    expect(r.keep).toEqual([true, false]);
    expect(r.events.map((e) => e.keyword)).toEqual(['http request', 'http response']);
  });

  it('keeps waiting while the request is incomplete and ends the flow on a non-HTTP request', () => {
    expect(driveHttp([c('GET / HTTP/1.1\r\nHo')], db).keep).toEqual([true]);
    expect(driveHttp([c('POST / HTTP/1.1\r\n\r\n')], db).keep).toEqual([false]);
  });

  it('a too-long header value keeps the flow only in compat mode (deviation H2)', () => {
    const long = `GET / HTTP/1.1\r\nX: ${'v'.repeat(1100)}\r\n\r\n`;
    expect(driveHttp([c(long)], db, { compat: true }).keep).toEqual([true]);
    expect(driveHttp([c(long)], db, { compat: false }).keep).toEqual([false]);
    // Either way the flow is abandoned: the next payload ends it and nothing is reported.
    const next = driveHttp([c(long), s(RESP)], db, { compat: true });
    expect(next.keep).toEqual([true, false]);
    expect(next.events).toEqual([]);
  });

  it('segmented responses lose a header line only in compat mode (deviation H1)', () => {
    const segments = [c(REQ), s('HTTP/1.1 200 OK\r\nServer: s\r\n'), s('A: 1\r\nB: 2\r\n'), s('C: 3\r\nD: 4\r\n\r\n')];
    expect(field(driveHttp(segments, db, { compat: true }).events[1], 'raw_sig')).toBe('1:Server,B=[2],D=[4]:Content-Type,Connection,Keep-Alive,Accept-Ranges,Date:s');
    expect(field(driveHttp(segments, db, { compat: false }).events[1], 'raw_sig')).toBe(
      '1:Server,A=[1],B=[2],C=[3],D=[4]:Content-Type,Connection,Keep-Alive,Accept-Ranges,Date:s',
    );
  });

  it('ignores client data after the request and response data before it', () => {
    const r = driveHttp([c(REQ), c('more client bytes'), s(RESP)], db);
    expect(r.keep).toEqual([true, true, false]);
    expect(driveHttp([c('GET / HTTP/1.1\r\n'), s(RESP)], db).keep).toEqual([true, false]);
  });
});

describe('http events', () => {
  it('carry p0f fields in order and typed data', () => {
    const r = driveHttp(
      [c('GET / HTTP/1.1\r\nUser-Agent: curl/7.1\r\nHost: x\r\nAccept: */*\r\n\r\n')],
      db,
    );
    const e = r.events[0];
    expect(e.subject).toBe('cli');
    expect(e.fields.map((f) => f.key)).toEqual(['app', 'lang', 'params', 'raw_sig']);
    expect(field(e, 'app')).toBe('curl');
    expect(field(e, 'lang')).toBe('none');
    expect(e.data).toMatchObject({ direction: 'request', match: { kind: 'app', name: 'curl', tier: 'exact' }, language: null, dishonest: false, anonymous: false });
    expect(r.flow.client.httpNameId).toBe(db.names.indexOf('curl'));
  });

  it('records a recognised language on the client', () => {
    const r = driveHttp([c('GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: de-DE\r\n\r\n')], db);
    expect(field(r.events[0], 'lang')).toBe('German');
    expect(r.flow.client.language).toBe('German');
  });

  it('marks dishonest software and records bad_sw = 2', () => {
    const r = driveHttp([c('GET / HTTP/1.1\r\nUser-Agent: Wget/1.0\r\nHost: x\r\nAccept: */*\r\n\r\n')], db);
    // Stock `curl` sig is User-Agent,Host,Accept=[*/*] with expected software "curl/".
    expect(field(r.events[0], 'app')).toBe('curl');
    expect(field(r.events[0], 'params')).toBe('dishonest');
    expect(r.flow.client.badSoftware).toBe(2);
  });
});

describe('robustness', () => {
  const segment = fc.record({
    toServer: fc.boolean(),
    data: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 3000 }),
      fc.constantFrom(REQ, RESP, 'GET / HTTP/1.1\r\n', 'HTTP/1.1 200 OK\r\n', 'X: y\r\n', '\r\n', 'Server: a\r\n', `X: ${'v'.repeat(2000)}\r\n`),
      fc.array(fc.constantFrom('GET /', ' HTTP/1.1', '\r', '\n', ':', ' ', 'Host', 'Date', '\x00', '\xff', 'a'), { maxLength: 60 }).map((p) => p.join('')),
    ),
  });

  it('never throws on arbitrary, pipelined, binary or enormous payloads, in either mode', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), fc.boolean(), (segments, compat) => {
        const r = driveHttp(segments, db, { compat });
        expect(r.events.length).toBeLessThanOrEqual(2);
        // Memory stays bounded by p0f's buffers.
        expect(r.flow.requestLength).toBeLessThanOrEqual(8192);
        expect(r.flow.responseLength).toBeLessThanOrEqual(8192);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('a request pipelined with a second one reports only the first', () => {
    const r = driveHttp([c(REQ + REQ.replace('curl/7.1', 'other/1')), s(RESP + RESP)], db);
    expect(r.events.map((e) => field(e, 'raw_sig'))).toEqual([
      '1:Host,User-Agent,Accept=[*/*]:Connection,Accept-Encoding,Accept-Language,Accept-Charset,Keep-Alive:curl/7.1',
      '1:Server,Content-Type:Connection,Keep-Alive,Accept-Ranges,Date:s',
    ]);
  });
});
