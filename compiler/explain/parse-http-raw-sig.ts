/**
 * Reads an HTTP `raw_sig` as p0f logs it (spec p0f-fp-http B.6.3) back into an
 * HttpObservation: `ver:header,?header,name=[value],…:absent,…:software`.
 *
 * The printed form loses the values p0f does not print (optional headers such as
 * `?Cookie`, and Host, Date, Content-Type); those headers come back present with no value.
 * User-Agent / Server get the software field, which is where p0f prints their value.
 */
import type { HttpHeader, HttpObservation } from '../../runtime/fingerprint/http-observation.js';
import type { Direction } from '../../runtime/fingerprint/tcp-types.js';

export type HttpRawSigParse =
  | { readonly ok: true; readonly observation: HttpObservation; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

const NAME = /^[A-Za-z0-9_-]+/;

export function parseHttpRawSig(text: string, direction: Direction): HttpRawSigParse {
  if (text[1] !== ':' || (text[0] !== '0' && text[0] !== '1')) return { ok: false, error: `an HTTP raw_sig starts with '0:' or '1:', got '${text.slice(0, 2)}'` };
  const version = text[0] === '1' ? 1 : 0;
  const headers: HttpHeader[] = [];
  const notes: string[] = [];
  let pos = 2;
  while (text[pos] !== ':') {
    if (pos >= text.length) return { ok: false, error: 'missing the absent-headers field' };
    const optional = text[pos] === '?';
    if (optional) pos++;
    const name = NAME.exec(text.slice(pos))?.[0];
    if (name === undefined) return { ok: false, error: `expected a header name at column ${pos + 1}` };
    pos += name.length;
    let value: string | null = null;
    if (text.startsWith('=[', pos)) {
      const close = text.indexOf(']', pos + 2);
      if (close < 0) return { ok: false, error: `unterminated value for header '${name}'` };
      value = text.slice(pos + 2, close);
      pos = close + 1;
    } else if (optional) {
      notes.push(`'${name}' is present; p0f does not print its value`);
    }
    headers.push({ name, value });
    if (text[pos] === ',') pos++;
    else if (text[pos] !== ':') return { ok: false, error: `expected ',' or ':' after header '${name}' at column ${pos + 1}` };
  }
  pos++;
  const absentEnd = text.indexOf(':', pos);
  if (absentEnd < 0) return { ok: false, error: 'missing the software field' };
  const software = text.slice(absentEnd + 1);
  // p0f prints the User-Agent (request) or Server (response) value only as the software field.
  const softwareHeader = direction === 'request' ? 'User-Agent' : 'Server';
  for (const [i, h] of headers.entries()) {
    if (h.name === softwareHeader && h.value === null && software !== '') headers[i] = { name: h.name, value: software };
  }
  const observation: HttpObservation = {
    direction,
    version,
    headers,
    software: software === '' ? null : software,
    language: null,
    via: headers.some((h) => h.name === 'Via' || h.name === 'X-Forwarded-For'),
    date: 0,
    receivedSeconds: 0,
  };
  return { ok: true, observation, notes };
}
