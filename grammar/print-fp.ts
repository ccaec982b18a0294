/**
 * printFp: AST → canonical p0f.fp text that parses back to the same AST (spans aside).
 * Values are printed as the AST records them (`?2` stays `?2`, `64+3` stays `64+3`);
 * the canonical part is layout: `key = value` with stock-style key alignment, no
 * leading blanks, comments and blank lines kept. Lines that did not parse are copied.
 */
import type {
  FpFile, HttpSigValue, InvalidValue, MtuLabelValue, MtuSigValue, SectionHeader, SignatureLabelValue,
  Statement, SysEntryNode, TcpSigValue, UaOsEntryNode,
} from './ast.js';
import type { Spanned } from './span.js';
import type { WindowSize } from '../runtime/fingerprint/tcp-types.js';

export function printSection(s: SectionHeader): string {
  return s.direction === null ? '[mtu]' : `[${s.module.value}:${s.direction.value}]`;
}

export function printClasses(classes: readonly Spanned<string>[]): string {
  return classes.map((c) => c.value).join(',');
}

export function printLabel(v: SignatureLabelValue | MtuLabelValue): string {
  if (v.kind === 'mtu-label') return v.text;
  return `${v.type.value}:${v.classToken.value}:${v.name.value}:${v.flavor?.value ?? ''}`;
}

export function printSys(entries: readonly SysEntryNode[]): string {
  return entries.map((e) => (e.isClass ? `@${e.name}` : e.name)).join(',');
}

export function printUaOs(entries: readonly UaOsEntryNode[]): string {
  return entries.map((e) => (e.alias === null ? e.name.value : `${e.name.value}=[${e.alias.value}]`)).join(',');
}

export function printWindow(w: WindowSize): string {
  switch (w.kind) {
    case 'any': return '*';
    case 'value': return String(w.value);
    case 'mod': return `%${w.divisor}`;
    case 'mss': return `mss*${w.multiplier}`;
    case 'mtu': return `mtu*${w.multiplier}`;
  }
}

export function printTcpSig(v: TcpSigValue): string {
  const ver = v.ipVersion.value === 'any' ? '*' : String(v.ipVersion.value);
  const t = v.ttl.value;
  const olen = v.ipOptionLength.value;
  // After `N-:` p0f skips one character unread, so a filler '0' goes first.
  const ttlOlen = t.kind === 'plain' ? `${t.ttl}:${olen}` : t.kind === 'distance' ? `${t.base}+${t.distance}:${olen}` : `${t.ttl}-:0${olen === 0 ? '' : olen}`;
  const mss = v.mss.value === -1 ? '*' : String(v.mss.value);
  const scale = v.windowScale.value === -1 ? '*' : String(v.windowScale.value);
  const layout = v.options.map((o) => o.text).join(',');
  const quirks = v.quirks.map((q) => q.value).join(',');
  const pclass = v.payloadClass.value === -1 ? '*' : v.payloadClass.value === 0 ? '0' : '+';
  return `${ver}:${ttlOlen}:${mss}:${printWindow(v.window.value)},${scale}:${layout}:${quirks}:${pclass}`;
}

export function printHttpSig(v: HttpSigValue): string {
  const ver = v.version.value === -1 ? '*' : String(v.version.value);
  const horder = v.headers.map((h) => `${h.optional ? '?' : ''}${h.name}${h.value === null ? '' : `=[${h.value}]`}`).join(',');
  const absent = v.absent.map((a) => a.value).join(',');
  return `${ver}:${horder}:${absent}:${v.expectedSoftware?.value ?? ''}`;
}

export function printMtuSig(v: MtuSigValue): string {
  return String(v.mtu);
}

const KEY_WIDTH = 5;

function keyValue(key: string, value: string): string {
  return `${key.padEnd(KEY_WIDTH)} = ${value}`;
}

function rawText(file: FpFile, v: InvalidValue): string {
  return file.text.slice(v.span.offset, v.span.offset + v.span.length);
}

export function printStatement(file: FpFile, s: Statement): string {
  switch (s.kind) {
    case 'section': return printSection(s);
    case 'classes': return keyValue('classes', Array.isArray(s.classes) ? printClasses(s.classes) : rawText(file, s.classes as InvalidValue));
    case 'label': return keyValue('label', s.value.kind === 'invalid' ? rawText(file, s.value) : printLabel(s.value));
    case 'sys': return keyValue('sys', Array.isArray(s.entries) ? printSys(s.entries) : rawText(file, s.entries as InvalidValue));
    case 'ua_os': return keyValue('ua_os', Array.isArray(s.entries) ? printUaOs(s.entries) : rawText(file, s.entries as InvalidValue));
    case 'sig': {
      const v = s.value;
      const text = v.kind === 'tcp-sig' ? printTcpSig(v) : v.kind === 'http-sig' ? printHttpSig(v) : v.kind === 'mtu-sig' ? printMtuSig(v) : rawText(file, v);
      return keyValue('sig', text);
    }
    case 'unknown': return file.text.slice(s.span.offset, s.span.offset + s.span.length);
  }
}

export function printFp(ast: FpFile): string {
  const lines = ast.items.map((item) => {
    switch (item.kind) {
      case 'comment': return `;${item.text}`;
      case 'blank': return '';
      default: return printStatement(ast, item);
    }
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
