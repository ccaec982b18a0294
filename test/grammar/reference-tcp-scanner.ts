/**
 * Reference model for the Chevrotain TCP signature parser (tests only): a direct cursor
 * scanner of `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass` with p0f's own rules
 * (prefix matches for options and quirks, empty digit runs read as 0, 32-bit wrap before
 * range checks, `N-:` swallowing one character). It was the production scanner before the
 * grammar took over.
 */
import type { Quirk, SignatureIpVersion, WindowSize, PayloadClass } from '../../runtime/fingerprint/tcp-types.js';
import type { Spanned } from '../../grammar/span.js';
import type { TcpOptionNode, TcpSigValue, TtlForm } from '../../grammar/ast.js';
import { fail, isDigit, parseNum, scanWhile, showChar, type ScanResult, type SpanFactory } from '../../grammar/value-scan.js';

const OPTION_WORDS: readonly (readonly [string, number])[] = [
  ['nop', 1], ['mss', 2], ['ws', 3], ['sok', 4], ['sack', 5], ['ts', 8],
];

/** Quirks in p0f's test order (prefix matches). */
const QUIRK_WORDS: readonly Quirk[] = [
  'df', 'id+', 'id-', 'ecn', '0+', 'flow', 'seq-', 'ack+', 'ack-',
  'uptr+', 'urgf+', 'pushf+', 'ts1-', 'ts2+', 'opt+', 'exws', 'bad',
];

const V6_FORBIDDEN: Partial<Record<Quirk, 'E043' | 'E044' | 'E045' | 'E046'>> = { df: 'E043', 'id+': 'E044', 'id-': 'E045', '0+': 'E046' };

export const MAX_TCP_OPTIONS = 24;

export function scanTcpSig(v: string, sp: SpanFactory): ScanResult<TcpSigValue> {
  const digitsEnd = (i: number): number => scanWhile(v, i, isDigit);
  const c0 = v[0];
  let ipVersion: SignatureIpVersion;
  if (c0 === '4') ipVersion = 4;
  else if (c0 === '6') ipVersion = 6;
  else if (c0 === '*') ipVersion = 'any';
  else return fail('E023', 0, 1, `unrecognized IP version ${showChar(v, 0)}`, "the first field must be '4', '6' or '*'");
  if (v[1] !== ':') return fail('E024', 1, 2, `malformed signature: expected ':' after the IP version, found ${showChar(v, 1)}`);
  const ver: Spanned<SignatureIpVersion> = { value: ipVersion, span: sp(0, 1) };

  // Initial TTL: N, N+D or N-.
  let i = 2;
  let nxt = digitsEnd(i);
  const term = v[nxt];
  if (term !== ':' && term !== '+' && term !== '-') {
    return fail('E024', nxt, nxt + 1, `malformed signature: expected ':', '+' or '-' after the initial TTL, found ${showChar(v, nxt)}`);
  }
  let ttl = parseNum(v.slice(i, nxt));
  if (ttl < 1 || ttl > 255) return fail('E025', i, Math.max(nxt, i + 1), `bogus initial TTL ${ttl} (must be 1..255)`);
  const ttlStart = i;
  let ttlForm: TtlForm = { kind: 'plain', ttl };
  let ttlEnd = nxt;
  i = nxt + 1;
  if (term === '-' && v[i] === ':') {
    ttlForm = { kind: 'bad', ttl };
    ttlEnd = nxt + 1;
    // p0f skips the ':' and one more character unread.
    i += 2;
    if (i > v.length) return fail('E024', v.length, v.length, "malformed signature: the signature ends right after 'N-:'");
  } else if (term === '+') {
    nxt = digitsEnd(i);
    if (v[nxt] !== ':') return fail('E024', nxt, nxt + 1, `malformed signature: expected digits then ':' after '+', found ${showChar(v, nxt)}`);
    const add = parseNum(v.slice(i, nxt));
    const sum = (ttl + add) | 0;
    if (add < 0 || sum > 255) return fail('E025', ttlStart, nxt, `bogus initial TTL: ${ttl}+${add} exceeds 255`);
    ttlForm = { kind: 'distance', base: ttl, distance: add };
    ttl = sum;
    ttlEnd = nxt;
    i = nxt + 1;
  }
  const ttlNode: Spanned<TtlForm> = { value: ttlForm, span: sp(ttlStart, ttlEnd) };

  // IP option length.
  nxt = digitsEnd(i);
  if (v[nxt] !== ':') return fail('E024', nxt, nxt + 1, `malformed signature: expected ':' after the IP option length, found ${showChar(v, nxt)}`);
  const olen = parseNum(v.slice(i, nxt));
  if (olen < 0 || olen > 255) return fail('E027', i, nxt, `bogus IP option length ${olen} (must be 0..255)`);
  const olenNode: Spanned<number> = { value: olen, span: sp(i, nxt) };
  i = nxt + 1;

  // MSS.
  let mssNode: Spanned<number>;
  if (v[i] === '*' && v[i + 1] === ':') {
    mssNode = { value: -1, span: sp(i, i + 1) };
    i += 2;
  } else {
    nxt = digitsEnd(i);
    if (v[nxt] !== ':') return fail('E024', nxt, nxt + 1, `malformed signature: expected '*' or digits then ':' for the MSS, found ${showChar(v, nxt)}`);
    const mss = parseNum(v.slice(i, nxt));
    if (mss < 0 || mss > 65535) return fail('E028', i, nxt, `bogus MSS ${mss} (must be 0..65535)`);
    mssNode = { value: mss, span: sp(i, nxt) };
    i = nxt + 1;
  }

  // Window size.
  let window: WindowSize;
  const winStart = i;
  if (v[i] === '*' && v[i + 1] === ',') {
    window = { kind: 'any' };
    i += 1;
  } else if (v[i] === '%') {
    nxt = digitsEnd(i + 1);
    if (v[nxt] !== ',') return fail('E024', nxt, nxt + 1, `malformed signature: expected digits then ',' after '%', found ${showChar(v, nxt)}`);
    const m = parseNum(v.slice(i + 1, nxt));
    if (m < 2 || m > 65535) return fail('E029', i, nxt, `bogus '%' value ${m} (must be 2..65535)`);
    window = { kind: 'mod', divisor: m };
    i = nxt;
  } else if (v.startsWith('mss*', i) || v.startsWith('mtu*', i)) {
    const kind = v[i + 1] === 's' ? 'mss' : 'mtu';
    nxt = digitsEnd(i + 4);
    if (v[nxt] !== ',') return fail('E024', nxt, nxt + 1, `malformed signature: expected digits then ',' after '${kind}*', found ${showChar(v, nxt)}`);
    const m = parseNum(v.slice(i + 4, nxt));
    if (m < 1 || m > 1000) return fail('E030', i, nxt, `bogus ${kind.toUpperCase()} multiplier ${m} (must be 1..1000)`);
    window = { kind, multiplier: m };
    i = nxt;
  } else {
    nxt = digitsEnd(i);
    if (v[nxt] !== ',') return fail('E024', nxt, nxt + 1, `malformed signature: expected a window size then ',', found ${showChar(v, nxt)}`);
    const w = parseNum(v.slice(i, nxt));
    if (w < 0 || w > 65535) return fail('E031', i, nxt, `bogus window size ${w} (must be 0..65535)`);
    window = { kind: 'value', value: w };
    i = nxt;
  }
  const windowNode: Spanned<WindowSize> = { value: window, span: sp(winStart, i) };
  i += 1; // the ','

  // Window scale.
  let scaleNode: Spanned<number>;
  if (v[i] === '*' && v[i + 1] === ':') {
    scaleNode = { value: -1, span: sp(i, i + 1) };
    i += 2;
  } else {
    nxt = digitsEnd(i);
    if (v[nxt] !== ':') return fail('E024', nxt, nxt + 1, `malformed signature: expected '*' or digits then ':' for the window scale, found ${showChar(v, nxt)}`);
    const s = parseNum(v.slice(i, nxt));
    if (s < 0 || s > 255) return fail('E032', i, nxt, `bogus window scale ${s} (must be 0..255)`);
    scaleNode = { value: s, span: sp(i, nxt) };
    i = nxt + 1;
  }

  // Option layout.
  const options: TcpOptionNode[] = [];
  let eolPad = 0;
  while (v[i] !== ':') {
    if (options.length >= MAX_TCP_OPTIONS) return fail('E033', i, i + 1, `too many TCP options (more than ${MAX_TCP_OPTIONS})`);
    const optStart = i;
    if (v.startsWith('eol', i)) {
      if (v[i + 3] !== '+') return fail('E034', i, i + 3, `malformed EOL option: expected '+' after 'eol', found ${showChar(v, i + 3)}`, "write 'eol+N' with N bytes of padding");
      nxt = digitsEnd(i + 4);
      if (nxt >= v.length) return fail('E035', i, nxt, "truncated options: the signature ends after 'eol+N'");
      if (v[nxt] !== ':') return fail('E036', nxt, nxt + 1, `EOL must be the last option, found ${showChar(v, nxt)} after it`);
      eolPad = parseNum(v.slice(i + 4, nxt));
      if (eolPad < 0 || eolPad > 255) return fail('E037', i + 4, nxt, `bogus EOL padding ${eolPad} (must be 0..255)`);
      options.push({ span: sp(optStart, nxt), kind: 0, text: v.slice(optStart, nxt) });
      i = nxt;
    } else if (v[i] === '?') {
      nxt = digitsEnd(i + 1);
      if (v[nxt] !== ':' && v[nxt] !== ',') return fail('E038', nxt, nxt + 1, `malformed '?' option: expected digits then ',' or ':', found ${showChar(v, nxt)}`);
      const kind = parseNum(v.slice(i + 1, nxt));
      if (kind < 0 || kind > 255) return fail('E039', i, nxt, `bogus '?' option kind ${kind} (must be 0..255)`);
      options.push({ span: sp(optStart, nxt), kind, text: v.slice(optStart, nxt) });
      i = nxt;
    } else {
      const word = OPTION_WORDS.find(([w]) => v.startsWith(w, i));
      if (word === undefined) {
        const end = Math.max(scanWhile(v, i, (c) => c !== 44 && c !== 58), i + 1);
        return fail('E040', i, end, v[i] === undefined ? 'unrecognized TCP option: the signature ends inside the option layout' : `unrecognized TCP option ${JSON.stringify(v.slice(i, end))}`);
      }
      i += word[0].length;
      options.push({ span: sp(optStart, i), kind: word[1], text: word[0] });
    }
    if (v[i] === ',') i++;
    else if (v[i] !== ':') return fail('E041', i, i + 1, `malformed TCP options: expected ',' or ':' after '${v.slice(optStart, i)}', found ${showChar(v, i)}`);
  }
  i++;

  // Quirks.
  const quirks: Spanned<Quirk>[] = [];
  while (v[i] !== ':') {
    const q = QUIRK_WORDS.find((w) => v.startsWith(w, i));
    if (q === undefined) {
      const end = Math.max(scanWhile(v, i, (c) => c !== 44 && c !== 58), i + 1);
      return fail('E042', i, end, v[i] === undefined ? 'unrecognized quirk: the signature ends inside the quirk list' : `unrecognized quirk ${JSON.stringify(v.slice(i, end))}`);
    }
    const forbidden6 = V6_FORBIDDEN[q];
    if (ipVersion === 6 && forbidden6 !== undefined) return fail(forbidden6, i, i + q.length, `'${q}' is not valid for IPv6`);
    if (ipVersion === 4 && q === 'flow') return fail('E047', i, i + q.length, "'flow' is not valid for IPv4");
    quirks.push({ value: q, span: sp(i, i + q.length) });
    i += q.length;
    if (v[i] === ',') i++;
    else if (v[i] !== ':') return fail('E048', i, i + 1, `malformed quirks: expected ',' or ':' after '${q}', found ${showChar(v, i)}`);
  }
  i++;

  const rest = v.slice(i);
  let pclass: PayloadClass;
  if (rest === '*') pclass = -1;
  else if (rest === '0') pclass = 0;
  else if (rest === '+') pclass = 1;
  else return fail('E049', i, Math.max(v.length, i + 1), `malformed payload class ${JSON.stringify(rest)}`, "the payload class is exactly '*', '0' or '+' with nothing after it (no trailing blanks or CR)");

  return {
    ok: true,
    value: {
      kind: 'tcp-sig',
      span: sp(0, v.length),
      ipVersion: ver,
      ttl: ttlNode,
      ipOptionLength: olenNode,
      mss: mssNode,
      window: windowNode,
      windowScale: scaleNode,
      options,
      eolPad,
      quirks,
      payloadClass: { value: pclass, span: sp(i, v.length) },
    },
  };
}
