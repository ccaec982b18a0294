/**
 * Deterministic mutants of a p0f.fp text for the loader differential test: corrupted
 * fields, bad sections, misplaced statements, duplicates, and benign edits.
 */

/** Small seeded PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  readonly name: string;
  readonly text: string;
}

const FIELD_VALUES = [
  '', '*', '0', '1', '4', '6', '64', '64+', '64+3', '64-', '128-', '255', '256', '300', '65535', '65536', '4294967360',
  '%', '%1', '%2', '%512', '%65536', 'mss*', 'mss*0', 'mss*10', 'mss*1001', 'mtu*4', 'mtu*x', 'x', ' ', '\r', '?', '-1',
  'mss,nop', 'eol+0', 'eol', 'eol+1,nop', 'eol+256', '?2', '?300', '?x', 'nopx', 'nop,,ws', ',nop', 'sack,',
  'df', 'id+,id-', 'flow', '0+', 'ecn,bad', 'dfx', 'df,', 'unknown', '+', 'exws,opt+,ts2+,ts1-',
];

const HTTP_VALUES = [
  '', '*', '0', '1', '2', 'Host', '?Host', 'Host=[x]', 'Host=[]', 'Host=x', 'Host=[a', 'Ho.st', ',Host', 'Host,',
  'Accept,Keep-Alive', 'Chrom', ' Chrom', 'a:b', 'User-Agent', '??X',
];

const CHARS = [':', ',', ' ', '\t', '\r', '=', '[', ']', '@', '!', '?', '*', '+', '-', '%', 'x', '0', '9', ';', 'Z', '\u00e9'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

type Mutator = (lines: string[], r: () => number) => string | null;

const statementIndexes = (lines: string[], pred: (l: string) => boolean): number[] =>
  lines.map((l, i) => (pred(l) ? i : -1)).filter((i) => i >= 0);

const isSig = (l: string): boolean => /^sig\s*=/.test(l);
const valueOf = (l: string): [string, string] => {
  const m = /^(\s*\w+\s*=\s*)(.*)$/.exec(l);
  return m === null ? ['', l] : [m[1], m[2]];
};

const mutators: Record<string, Mutator> = {
  corruptField(lines, r) {
    const idx = statementIndexes(lines, isSig);
    const i = pick(r, idx);
    const [k, v] = valueOf(lines[i]);
    const isHttp = v.split(':').length <= 4 && !/^[46*]:\d/.test(v);
    const sep = v.includes(',') && r() < 0.3 ? ',' : ':';
    const parts = v.split(sep);
    const j = Math.floor(r() * parts.length);
    parts[j] = pick(r, isHttp ? HTTP_VALUES : FIELD_VALUES);
    lines[i] = k + parts.join(sep);
    return `corrupt field ${j} of line ${i + 1}`;
  },
  insertChar(lines, r) {
    const idx = statementIndexes(lines, (l) => l.trim() !== '' && !l.startsWith(';'));
    const i = pick(r, idx);
    const p = Math.floor(r() * (lines[i].length + 1));
    lines[i] = lines[i].slice(0, p) + pick(r, CHARS) + lines[i].slice(p);
    return `insert char in line ${i + 1}`;
  },
  deleteChar(lines, r) {
    const idx = statementIndexes(lines, (l) => l.trim() !== '' && !l.startsWith(';'));
    const i = pick(r, idx);
    const p = Math.floor(r() * lines[i].length);
    lines[i] = lines[i].slice(0, p) + lines[i].slice(p + 1);
    return `delete char in line ${i + 1}`;
  },
  truncateLine(lines, r) {
    const idx = statementIndexes(lines, (l) => l.trim() !== '' && !l.startsWith(';'));
    const i = pick(r, idx);
    lines[i] = lines[i].slice(0, Math.floor(r() * lines[i].length));
    return `truncate line ${i + 1}`;
  },
  duplicateSig(lines, r) {
    const idx = statementIndexes(lines, isSig);
    const i = pick(r, idx);
    const j = i + 1 + Math.floor(r() * 40);
    lines.splice(Math.min(j, lines.length), 0, lines[i]);
    return `duplicate line ${i + 1} after ${j}`;
  },
  tweakTtl(lines, r) {
    const idx = statementIndexes(lines, (l) => isSig(l) && /=\s*[46*]:\d+:/.test(l));
    const i = pick(r, idx);
    const dup = lines[i].replace(/(=\s*[46*]:)(\d+)/, (_m, a: string, t: string) => `${a}${Math.max(1, Number(t) - Math.floor(r() * 50))}`);
    lines.splice(i + 1, 0, dup);
    return `lower-TTL copy of line ${i + 1}`;
  },
  moveLine(lines, r) {
    const idx = statementIndexes(lines, (l) => /^(sys|label|classes|ua_os|sig)\s*=/.test(l) || l.startsWith('['));
    const i = pick(r, idx);
    const [line] = lines.splice(i, 1);
    const j = Math.floor(r() * lines.length);
    lines.splice(j, 0, line);
    return `move line ${i + 1} to ${j + 1}`;
  },
  removeLine(lines, r) {
    const idx = statementIndexes(lines, (l) => /^(sys|label|classes|ua_os)\s*=/.test(l) || l.startsWith('['));
    const i = pick(r, idx);
    lines.splice(i, 1);
    return `remove line ${i + 1}`;
  },
  badSection(lines, r) {
    const idx = statementIndexes(lines, (l) => l.startsWith('['));
    const i = pick(r, idx);
    lines[i] = pick(r, ['[tcp:request', '[TCP:request]', '[mtu:request]', '[tcp]', '[tcp:request] ', '[mtu] ', '[http:responses]', '[ tcp:request]', '[http:request]', '[mtu]', '[tcp:response]', '[x', '[']);
    return `section line ${i + 1} -> ${lines[i]}`;
  },
  insertStatement(lines, r) {
    const j = Math.floor(r() * lines.length);
    lines.splice(j, 0, pick(r, [
      'classes = extra', 'ua_os = Linux,Windows=[Win]', 'sys = Linux', 'label = s:unix:Foo:1', 'label = g:!:Tool:',
      'sig = *:64:0:*:*,*:::*', 'sig = 1500', 'sig = *:Host::', 'label = s:bsd:X:', 'sys = @bsd', 'Label = x',
      'sig2 = 1', '# comment', 'label = s:!:App', 'sys = Linux,', 'ua_os = Linux,,Win', 'sys =', 'label =',
    ]));
    return `insert statement at ${j + 1}`;
  },
  benign(lines, r) {
    const k = Math.floor(r() * 5);
    const j = Math.floor(r() * lines.length);
    if (k === 0) lines.splice(j, 0, '; a new comment');
    else if (k === 1) lines.splice(j, 0, '');
    else if (k === 2) lines.splice(j, 0, '   \t ');
    else if (k === 3 && /^\w+\s*=/.test(lines[j] ?? '')) lines[j] = '  \t' + lines[j].replace(/\s*=\s*/, '=');
    else lines.splice(j, 0, '  ; indented comment');
    return `benign edit near ${j + 1}`;
  },
  crlf(lines, r) {
    const idx = statementIndexes(lines, (l) => l.trim() !== '');
    const i = pick(r, idx);
    lines[i] += '\r';
    return `CR at end of line ${i + 1}`;
  },
  corruptHttp(lines, r) {
    let inHttp = false;
    const idx: number[] = [];
    lines.forEach((l, i) => {
      if (l.startsWith('[')) inHttp = l.startsWith('[http');
      else if (inHttp && isSig(l)) idx.push(i);
    });
    const i = pick(r, idx);
    const [k, v] = valueOf(lines[i]);
    const parts = v.split(':');
    const j = Math.floor(r() * parts.length);
    const entries = parts[j].split(',');
    const e = Math.floor(r() * entries.length);
    entries[e] = pick(r, HTTP_VALUES);
    if (r() < 0.15) entries.push(...Array.from({ length: 30 + Math.floor(r() * 4) }, (_, n) => `X-${n}`));
    parts[j] = entries.join(',');
    lines[i] = k + parts.join(':');
    return `corrupt http field ${j} of line ${i + 1}`;
  },
  corruptList(lines, r) {
    const idx = statementIndexes(lines, (l) => /^(ua_os|sys|classes|label)\s*=/.test(l));
    const i = pick(r, idx);
    const [k, v] = valueOf(lines[i]);
    const pieces = v.split(/([,:=])/);
    const j = Math.floor(r() * pieces.length);
    pieces[j] = pick(r, ['', ' ', '@', '@unix', '@bsd', '!', 'x-y', '=[', '=[]', '=x', '[a]', ',', 'Win dows', '\t', 'é', 's', 'g', 'S', '::']);
    lines[i] = k + pieces.join('');
    return `corrupt list value of line ${i + 1}`;
  },
  rangeValue(lines, r) {
    const idx = statementIndexes(lines, (l) => isSig(l) && /=\s*[46*]:\d/.test(l));
    const i = pick(r, idx);
    const [k, v] = valueOf(lines[i]);
    const parts = v.split(':');
    const j = 1 + Math.floor(r() * 6);
    const big = pick(r, ['0', '255', '256', '1000', '1001', '65535', '65536', '4294967296', '4294967552', '99999999999999999999']);
    if (j === 4) {
      const [w, sc] = parts[4].split(',');
      parts[4] = r() < 0.5 ? `${pick(r, ['', '%', 'mss*', 'mtu*'])}${big},${sc}` : `${w},${big}`;
    } else if (j === 5) parts[5] = pick(r, [`eol+${big}`, `?${big}`, `nop,eol+${big}`]);
    else if (j === 6) parts[6] = pick(r, ['df', 'id+', 'id-', '0+', 'flow', 'df,flow']);
    else if (j === 1) parts[1] = pick(r, [big, `${big}+1`, `64+${big}`, `${big}-`]);
    else parts[j] = big;
    if (j === 6 && r() < 0.6) parts[0] = pick(r, ['4', '6']);
    lines[i] = k + parts.join(':');
    return `range value in field ${j} of line ${i + 1}`;
  },
  emptyMtuLabel(lines, r) {
    const idx = statementIndexes(lines, (l) => /^label\s*=\s*[A-Z]/.test(l));
    const i = pick(r, idx);
    lines[i] = pick(r, ['label =', 'label = ', 'label =\t']);
    return `empty label at line ${i + 1}`;
  },
  nul(lines, r) {
    const i = Math.floor(r() * lines.length);
    const p = Math.floor(r() * (lines[i].length + 1));
    lines[i] = lines[i].slice(0, p) + '\0' + pick(r, ['garbage', '[x', 'sig = nonsense']);
    return `NUL in line ${i + 1}`;
  },
};

export function makeMutants(base: string, count: number, seed: number): Mutant[] {
  const r = rng(seed);
  // Field-level corruption finds the most distinct loader errors, so it is drawn more often.
  const names = [...Object.keys(mutators), 'corruptField', 'corruptField', 'rangeValue', 'rangeValue', 'corruptHttp', 'corruptList'];
  const out: Mutant[] = [];
  for (let n = 0; n < count; n++) {
    const lines = base.split('\n');
    const steps = 1 + (r() < 0.25 ? 1 : 0);
    const what: string[] = [];
    for (let s = 0; s < steps; s++) {
      const name = names[Math.floor(r() * names.length)];
      const d = mutators[name](lines, r);
      if (d !== null) what.push(`${name}: ${d}`);
    }
    out.push({ name: `#${n} ${what.join('; ')}`, text: lines.join('\n') });
  }
  return out;
}
