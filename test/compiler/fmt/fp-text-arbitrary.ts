/**
 * fast-check arbitraries for whole p0f.fp *texts*: a valid database drawn as a list of
 * lines, rendered twice, once in canonical layout and once messed up in every way p0f
 * ignores (indentation, blanks around `=`, runs of blank or whitespace-only lines,
 * trailing blanks on comments, `, ` list separators). Values carry the things p0f keeps
 * verbatim: spaces inside names, trailing spaces in flavors, MTU labels and HTTP
 * expected-software strings.
 *
 * Signatures never cover each other (E50): every TCP signature gets its own plain window
 * and every HTTP signature its own mandatory header.
 */
import fc from 'fast-check';

export type FpLine =
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'blank' }
  | { readonly kind: 'section'; readonly text: string }
  | { readonly kind: 'statement'; readonly key: string; readonly value: string; readonly list?: readonly string[] };

export interface FpTextSample {
  readonly lines: readonly FpLine[];
  readonly canonical: string;
  readonly messy: string;
}

const CLASSES = ['win', 'unix', 'other'];
const NAMES = ['Linux', 'Windows', 'FreeBSD', 'Mac OS X', 'nmap', 'p0f', 'Solaris', 'linux'];
const FLAVORS = ['', '2.6.x', '3.x (loopback)', 'NT kernel ', 'trailing  ', 'a:b|c'];
const LAYOUTS = ['mss,sok,ts,nop,ws', 'mss', 'mss,nop,ws,nop,nop,ts,sok,eol+1', '', 'mss,nop,nop,sok', '?30,mss'];
const QUIRKS_V4 = ['df,id+', 'df', '', 'id+,ecn', 'df,id+,ts1-', 'df,0+,'];
const HEADERS = ['Host', 'User-Agent', '?Accept=[*/*]', 'Accept-Language=[en ]', '?Connection=[keep-alive]', 'Accept-Encoding=[gzip,deflate]'];

const commentText = fc.constantFrom('', ' Linux', ' -----', ' keeps  inner   spacing', ' [tcp:request] in a comment', ' x = y');

function tcpSig(window: number): fc.Arbitrary<string> {
  return fc
    .record({
      ver: fc.constantFrom('4', '*'),
      ttl: fc.constantFrom('64', '128', '64+4', '255', '32-'),
      olen: fc.constantFrom('0', '4'),
      mss: fc.constantFrom('*', '1460', '536'),
      scale: fc.constantFrom('*', '0', '7'),
      layout: fc.constantFrom(...LAYOUTS),
      quirks: fc.constantFrom(...QUIRKS_V4),
      pclass: fc.constantFrom('0', '*', '+'),
    })
    .map((s) => {
      // `N-:` swallows the next character (spec A.7), so give it one to swallow.
      const olen = s.ttl.endsWith('-') ? `X${s.olen}` : s.olen;
      return `${s.ver}:${s.ttl}:${olen}:${s.mss}:${window},${s.scale}:${s.layout}:${s.quirks}:${s.pclass}`;
    });
}

function httpSig(index: number): fc.Arbitrary<string> {
  return fc
    .record({
      ver: fc.constantFrom('0', '1', '*'),
      headers: fc.subarray(HEADERS),
      absent: fc.constantFrom('', 'Keep-Alive', 'Accept-Charset,Keep-Alive'),
      sw: fc.constantFrom('', ' Chrom', 'Mozilla/', 'two words '),
    })
    .map((s) => `${s.ver}:X-Sig-${index},${s.headers.join(',')}:${s.absent}:${s.sw}`);
}

interface LabelBlock {
  readonly comment: string | null;
  readonly label: string;
  readonly sys: readonly string[] | null;
  readonly sigCount: number;
}

function labelBlock(module: 'tcp' | 'http'): fc.Arbitrary<LabelBlock> {
  return fc
    .record({
      comment: fc.option(commentText, { nil: null }),
      type: fc.constantFrom('s', 'g'),
      cls: fc.constantFrom('!', ...CLASSES, 'UNIX'),
      name: fc.constantFrom(...NAMES),
      flavor: fc.constantFrom(...FLAVORS),
      sys: fc.subarray(['@unix', '@win', 'Windows', 'Linux ', 'Mac OS X'], { minLength: 0 }),
      sigCount: fc.integer({ min: 0, max: 3 }),
    })
    .map((b) => ({
      comment: b.comment,
      label: `${b.type}:${b.cls}:${b.name}:${module === 'http' && b.flavor === 'a:b|c' ? 'x' : b.flavor}`,
      sys: b.cls === '!' ? b.sys : null,
      sigCount: b.sigCount,
    }));
}

const mtuBlock = fc.record({
  label: fc.constantFrom('Ethernet or modem', 'DSL', 'trailing  ', 'g:unix:x:'),
  mtus: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }),
});

/** The logical lines of a random, loadable database. */
export const fpLinesArbitrary: fc.Arbitrary<FpLine[]> = fc
  .record({
    header: fc.array(commentText, { maxLength: 3 }),
    mtu: fc.array(mtuBlock, { maxLength: 3 }),
    tcpRequest: fc.array(labelBlock('tcp'), { maxLength: 4 }),
    tcpResponse: fc.array(labelBlock('tcp'), { maxLength: 3 }),
    uaOs: fc.constantFrom(null, 'Linux,Windows,iOS=[iPad],Mac OS X', 'Linux, Windows=[Win]'),
    httpRequest: fc.array(labelBlock('http'), { maxLength: 3 }),
    windows: fc.uniqueArray(fc.integer({ min: 0, max: 65535 }), { minLength: 40, maxLength: 40 }),
    seed: fc.infiniteStream(fc.nat()),
  })
  .chain((doc) => {
    const lines: fc.Arbitrary<FpLine>[] = [];
    const push = (line: FpLine): void => void lines.push(fc.constant(line));
    for (const text of doc.header) push({ kind: 'comment', text });
    push({ kind: 'blank' });
    push({ kind: 'statement', key: 'classes', value: CLASSES.join(','), list: CLASSES });
    push({ kind: 'blank' });
    push({ kind: 'section', text: '[mtu]' });
    for (const block of doc.mtu) {
      push({ kind: 'blank' });
      push({ kind: 'statement', key: 'label', value: block.label });
      for (const mtu of block.mtus) push({ kind: 'statement', key: 'sig', value: String(mtu) });
    }
    let windowIndex = 0;
    let httpIndex = 0;
    const labels = (section: string, blocks: readonly LabelBlock[], sig: () => fc.Arbitrary<string>, uaOs: string | null = null): void => {
      push({ kind: 'blank' });
      push({ kind: 'section', text: section });
      if (uaOs !== null) push({ kind: 'statement', key: 'ua_os', value: uaOs });
      for (const block of blocks) {
        push({ kind: 'blank' });
        if (block.comment !== null) push({ kind: 'comment', text: block.comment });
        push({ kind: 'statement', key: 'label', value: block.label });
        if (block.sys !== null) push({ kind: 'statement', key: 'sys', value: block.sys.join(','), list: block.sys });
        for (let i = 0; i < block.sigCount; i++) lines.push(sig().map((value): FpLine => ({ kind: 'statement', key: 'sig', value })));
      }
    };
    labels('[tcp:request]', doc.tcpRequest, () => tcpSig(doc.windows[windowIndex++] as number));
    labels('[tcp:response]', doc.tcpResponse, () => tcpSig(doc.windows[windowIndex++] as number));
    labels('[http:request]', doc.httpRequest, () => httpSig(httpIndex++), doc.uaOs);
    return fc.tuple(...lines);
  });

/** Canonical layout, as `p0f-ts fmt` documents it. */
export function renderCanonical(lines: readonly FpLine[]): string {
  const out: string[] = [];
  let blank = false;
  for (const line of lines) {
    if (line.kind === 'blank') {
      blank = out.length > 0;
      continue;
    }
    if (blank) out.push('');
    blank = false;
    if (line.kind === 'comment') out.push(`;${line.text}`.replace(/[ \t]+$/, ''));
    else if (line.kind === 'section') out.push(line.text);
    else out.push(line.value === '' ? `${line.key.padEnd(5)} =` : `${line.key.padEnd(5)} = ${line.value}`);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

const indent = fc.constantFrom('', '', '  ', '\t', ' \t ');
const aroundEquals = fc.constantFrom(['', ''], [' ', ' '], ['\t', '  '], ['   ', ''], ['', '\t']);

/** The same lines with everything p0f ignores scrambled. */
export function messyLineArbitrary(line: FpLine): fc.Arbitrary<string[]> {
  switch (line.kind) {
    case 'blank':
      return fc.array(fc.constantFrom('', ' ', '\t', '  \t'), { minLength: 1, maxLength: 3 });
    case 'comment':
      return fc.tuple(indent, fc.constantFrom('', ' ', '\t ')).map(([pre, post]) => [`${pre};${line.text}${post}`]);
    case 'section':
      return indent.map((pre) => [`${pre}${line.text}`]);
    case 'statement': {
      const list = line.list;
      const value =
        list === undefined || list.length === 0
          ? fc.constant(line.value)
          : fc.tuple(fc.constantFrom('', ',', ', '), fc.array(fc.constantFrom(',', ', ', ',,', ', ,'), { minLength: list.length, maxLength: list.length }))
              // A blank before a comma would become part of a sys name, so separators start with one.
              .map(([lead, seps]) => lead + list.map((entry, i) => (i === 0 ? entry : `${seps[i] as string}${entry}`)).join(''));
      return fc.tuple(indent, aroundEquals, value).map(([pre, [before, after], v]) => [`${pre}${line.key}${before}=${after}${v}`]);
    }
  }
}

export const fpTextArbitrary: fc.Arbitrary<FpTextSample> = fpLinesArbitrary.chain((lines) =>
  fc
    .tuple(...lines.map(messyLineArbitrary), fc.constantFrom('', '\n', '\n\n', '\n \n'))
    .map((parts) => {
      const tail = parts.pop() as string;
      const messy = (parts as string[][]).flat().join('\n') + tail;
      return { lines, canonical: renderCanonical(lines), messy };
    }),
);
