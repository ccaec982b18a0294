/**
 * raw_sig text (spec B.6.3), on the examples the spec verified on the real p0f; the
 * packet-level agreement is in test/runtime/http/http-oracle*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { observeHttpHeaders, type HttpHeader } from '../../../runtime/fingerprint/http-observation.js';
import { BUILTIN_KNOWN_HEADERS, buildKnownHeaderSet } from '../../../runtime/fingerprint/http-known-headers.js';
import { buildHttpRawSig } from '../../../runtime/fingerprint/http-raw-sig.js';
import { stockDatabase } from '../http/fixtures/stock-database.js';

const known = buildKnownHeaderSet(stockDatabase());
const h = (name: string, value: string | null = 'v'): HttpHeader => ({ name, value });

describe('buildHttpRawSig', () => {
  it('prints the curl example', () => {
    const obs = observeHttpHeaders('request', 1, [h('User-Agent', 'curl/7.1'), h('Host', 'x'), h('Accept', '*/*')]);
    expect(buildHttpRawSig(obs, known)).toBe('1:User-Agent,Host,Accept=[*/*]:Connection,Accept-Encoding,Accept-Language,Accept-Charset,Keep-Alive:curl/7.1');
  });

  it('marks optional response headers and keeps unknown values', () => {
    const names = ['Server', 'Set-Cookie', 'ETag', 'Vary', 'Expires', 'Pragma', 'Location', 'Refresh', 'Content-Range', 'Content-Disposition', 'Cache-Control'];
    const obs = observeHttpHeaders('response', 1, [h('Content-Language', 'en'), ...names.map((n) => h(n, n === 'Server' ? 'x' : 'v'))]);
    expect(buildHttpRawSig(obs, known)).toBe(
      '1:Content-Language=[en],Server,?Set-Cookie,?ETag,?Vary,?Expires,?Pragma,?Location,?Refresh,?Content-Range,?Content-Disposition,?Cache-Control:Content-Type,Connection,Keep-Alive,Accept-Ranges,Date:x',
    );
  });

  it('cuts values at control bytes, high bytes, ] and (known headers only) |, at most 200 chars', () => {
    const obs = observeHttpHeaders('request', 0, [
      h('Accept', 'a|b'), h('X-U', 'a|b]c'), h('Accept-Encoding', ']x'), h('X-Del', 'a\x7fb\x80c'), h('X-Long', 'z'.repeat(250)), h('X-Empty', null),
    ]);
    const sig = buildHttpRawSig(obs, known);
    expect(sig.startsWith(`0:Accept=[a],X-U=[a|b],Accept-Encoding,X-Del=[a\x7fb],X-Long=[${'z'.repeat(200)}],X-Empty:`)).toBe(true);
  });

  it('cuts software at ] but not at |', () => {
    const obs = observeHttpHeaders('response', 1, [h('Server', 'a|b]c')]);
    expect(buildHttpRawSig(obs, known).endsWith(':a|b')).toBe(true);
  });

  it('treats lowercase standard names as unknown', () => {
    const obs = observeHttpHeaders('request', 1, [h('host', 'x'), h('user-agent', 'y')]);
    expect(buildHttpRawSig(obs, known)).toBe('1:host=[x],user-agent=[y]:Host,User-Agent,Connection,Accept,Accept-Encoding,Accept-Language,Accept-Charset,Keep-Alive:');
  });

  it('knows the built-in names plus every database header name', () => {
    expect(BUILTIN_KNOWN_HEADERS.length).toBe(34);
    expect(known.has('X-OperaMini-Phone-UA')).toBe(true);
    expect(known.has('x-forwarded-for')).toBe(true);
    expect(known.has('X-Unknown')).toBe(false);
  });
});
