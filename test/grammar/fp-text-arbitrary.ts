/** fast-check arbitraries for p0f.fp texts: valid databases with varied layout, and noise. */
import fc from 'fast-check';

const num = (lo: number, hi: number): fc.Arbitrary<string> => fc.integer({ min: lo, max: hi }).map(String);
const star = (a: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(fc.constant('*'), a);
const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ./_()!?-]{0,12}$/).map((s) => s.replace(/:/g, ''));
const flavor = fc.oneof(fc.constant(''), fc.stringMatching(/^[ -~]{1,16}$/));

const ttl = fc.oneof(num(1, 255), fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 55 })).map(([a, b]) => `${a}+${b}`));
const window = fc.oneof(fc.constant('*'), num(0, 65535), num(2, 65535).map((n) => `%${n}`), num(1, 1000).map((n) => `mss*${n}`), num(1, 1000).map((n) => `mtu*${n}`));
const option = fc.oneof(fc.constantFrom('nop', 'mss', 'ws', 'sok', 'sack', 'ts'), num(0, 255).map((n) => `?${n}`));
const layout = fc.tuple(fc.array(option, { maxLength: 6 }), fc.option(num(0, 255), { nil: undefined }))
  .map(([opts, eol]) => [...opts, ...(eol === undefined ? [] : [`eol+${eol}`])].join(','));
const quirks4 = fc.subarray(['df', 'id+', 'id-', 'ecn', '0+', 'seq-', 'ack+', 'ack-', 'uptr+', 'urgf+', 'pushf+', 'ts1-', 'ts2+', 'opt+', 'exws', 'bad']);
const quirks6 = fc.subarray(['ecn', 'flow', 'seq-', 'ack+', 'ack-', 'uptr+', 'urgf+', 'pushf+', 'ts1-', 'ts2+', 'opt+', 'exws', 'bad']);
const tcpSig = fc.constantFrom('4', '6', '*').chain((ver) =>
  fc.tuple(ttl, num(0, 255), star(num(0, 65535)), window, star(num(0, 255)), layout, ver === '6' ? quirks6 : ver === '4' ? quirks4 : fc.subarray(['df', 'flow', 'ecn']), fc.constantFrom('*', '0', '+'))
    .map(([t, olen, mss, win, scale, lay, q, pc]) => `${ver}:${t}:${olen}:${mss}:${win},${scale}:${lay}:${q.join(',')}:${pc}`));

const hname = fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/);
const hvalue = fc.stringMatching(/^[^\]\n\r\0]{1,10}$/);
const header = fc.tuple(fc.boolean(), hname, fc.option(hvalue, { nil: undefined })).map(([opt, n, v]) => `${opt ? '?' : ''}${n}${v === undefined ? '' : `=[${v}]`}`);
const httpSig = fc.tuple(fc.constantFrom('0', '1', '*'), fc.array(header, { maxLength: 5 }), fc.array(hname, { maxLength: 3 }), fc.stringMatching(/^[^:\n\0]{0,10}$/))
  .map(([v, h, a, sw]) => `${v}:${h.join(',')}:${a.join(',')}:${sw}`);

const sp = fc.constantFrom('', ' ', '  ', '\t');
const kv = (key: string, value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(sp, sp, sp, value).map(([lead, a, b, v]) => `${lead}${key}${a}=${b === '' && v.startsWith('=') ? ' ' : b}${v}`);
const noise = fc.oneof(fc.constant(''), fc.constant('   '), fc.stringMatching(/^[ -~]{0,20}$/).map((c) => `; ${c}`), fc.constant('\t;x'));

const osLabel = fc.tuple(fc.constantFrom('s', 'g'), fc.constantFrom('unix', 'WIN', 'other'), name, flavor).map(([t, c, n, f]) => `${t}:${c}:${n}:${f}`);
const appLabel = fc.tuple(fc.constantFrom('s', 'g'), name, flavor).map(([t, n, f]) => `${t}:!:${n}:${f}`);
const sys = fc.array(fc.oneof(name, fc.constantFrom('@unix', '@win')), { maxLength: 3 }).map((xs) => xs.join(','));

function labelBlock(sig: fc.Arbitrary<string>, allowApps: boolean): fc.Arbitrary<string[]> {
  const os = fc.tuple(kv('label', osLabel), fc.array(kv('sig', sig), { maxLength: 3 })).map(([l, s]) => [l, ...s]);
  const app = fc.tuple(kv('label', appLabel), kv('sys', sys), fc.array(kv('sig', sig), { maxLength: 3 })).map(([l, y, s]) => [l, y, ...s]);
  return allowApps ? fc.oneof(os, app) : os;
}

const section = fc.oneof(
  fc.tuple(fc.constant('[mtu]'), fc.array(fc.tuple(kv('label', fc.stringMatching(/^[A-Za-z0-9][ -~]{0,12}$/)), fc.array(kv('sig', num(1, 65535)), { maxLength: 3 })).map(([l, s]) => [l, ...s]), { maxLength: 3 })),
  fc.tuple(fc.constantFrom('[tcp:request]', '[tcp:response]'), fc.array(labelBlock(tcpSig, true), { maxLength: 3 })),
  fc.tuple(fc.constant('[http:request]'), fc.array(kv('ua_os', fc.array(fc.tuple(name, fc.option(hvalue, { nil: undefined })).map(([n, a]) => (a === undefined ? n : `${n}=[${a}]`)), { maxLength: 3 }).map((xs) => xs.join(','))), { maxLength: 1 }), fc.array(labelBlock(httpSig, true), { maxLength: 3 }))
    .map(([h, ua, blocks]) => [h, [ua, ...blocks]] as [string, string[][]]),
  fc.tuple(fc.constant('[http:response]'), fc.array(labelBlock(httpSig, true), { maxLength: 3 })),
);

/** A database with no syntax or placement errors (duplicates and class problems may remain). */
export const validFpText: fc.Arbitrary<string> = fc.tuple(fc.array(section, { maxLength: 5 }), fc.array(noise, { maxLength: 12 }), fc.boolean())
  .map(([sections, noiseLines, finalLf]) => {
    const lines = ['classes = unix,win,other'];
    for (const [hdr, blocks] of sections) {
      lines.push(hdr);
      for (const b of blocks) lines.push(...b);
    }
    // Comments and blank lines anywhere (after the classes line).
    noiseLines.forEach((n, i) => lines.splice(1 + ((i * 7) % lines.length), 0, n));
    return lines.join('\n') + (finalLf ? '\n' : '');
  });

/** Anything: random unicode, control characters, NUL, CR, and line-shaped fragments. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(
    fc.constantFrom('[tcp:request]', '[http:request]', '[mtu]', 'classes = a', 'label = s:!:x:', 'sys = a', 'ua_os = a', '\0', '\r', 'sig = ', '; c', ''),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.stringMatching(/^[0-9*:,+%?a-z=[\]!@ -]{0,40}$/).map((s) => `sig = ${s}`),
    fc.stringMatching(/^[0-9*:,+%?a-z=[\]!@ -]{0,40}$/).map((s) => `label = ${s}`),
  ), { maxLength: 20 }).map((ls) => ls.join('\n')),
);
