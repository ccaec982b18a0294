/**
 * Header-name lists that shape p0f's HTTP `raw_sig` (spec B.4). They never affect matching.
 */
import type { Direction } from './tcp-types.js';
import type { SignatureDatabase } from '../match/signature-database.js';

/** Built into p0f; the loaded database's header names are added at start-up. */
export const BUILTIN_KNOWN_HEADERS = [
  'User-Agent', 'Server', 'Accept-Language', 'Via', 'X-Forwarded-For', 'Date', 'Cookie', 'Referer',
  'Origin', 'Range', 'If-Modified-Since', 'If-None-Match', 'Authorization', 'Proxy-Authorization',
  'Cache-Control', 'Set-Cookie', 'Last-Modified', 'ETag', 'Content-Length', 'Content-Disposition',
  'Expires', 'Pragma', 'Location', 'Refresh', 'Content-Range', 'Vary', 'Host', 'Content-Type', 'Connection',
  'Accept', 'Accept-Encoding', 'Accept-Charset', 'Keep-Alive', 'Accept-Ranges',
] as const;

/** Printed with `?` and without a value. */
export const OPTIONAL_HEADERS: { readonly [D in Direction]: readonly string[] } = {
  request: [
    'Cookie', 'Referer', 'Origin', 'Range', 'If-Modified-Since', 'If-None-Match', 'Via', 'X-Forwarded-For',
    'Authorization', 'Proxy-Authorization', 'Cache-Control',
  ],
  response: [
    'Set-Cookie', 'Last-Modified', 'ETag', 'Content-Length', 'Content-Disposition', 'Cache-Control', 'Expires',
    'Pragma', 'Location', 'Refresh', 'Content-Range', 'Vary',
  ],
};

/** Printed without a value. */
export const VALUE_SUPPRESSED_HEADERS: { readonly [D in Direction]: readonly string[] } = {
  request: ['Host', 'User-Agent'],
  response: ['Date', 'Content-Type', 'Server'],
};

/** Listed, in this order, in the absent section when missing. */
export const COMMON_HEADERS: { readonly [D in Direction]: readonly string[] } = {
  request: ['Host', 'User-Agent', 'Connection', 'Accept', 'Accept-Encoding', 'Accept-Language', 'Accept-Charset', 'Keep-Alive'],
  response: ['Content-Type', 'Connection', 'Keep-Alive', 'Accept-Ranges', 'Date'],
};

/** The built-in names plus every name any loaded HTTP signature mentions (either direction). */
export function buildKnownHeaderSet(db: SignatureDatabase): ReadonlySet<string> {
  const known = new Set<string>(BUILTIN_KNOWN_HEADERS);
  for (const signature of [...db.httpRequest, ...db.httpResponse]) {
    for (const entry of signature.headers) known.add(entry.name);
    for (const name of signature.absent) known.add(name);
  }
  return known;
}
