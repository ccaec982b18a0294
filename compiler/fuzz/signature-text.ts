/**
 * Prints database model values back as p0f.fp text: for counterexamples, fuzz reports
 * and crafted oracle databases. Random TTLs use the `N-:` form, which swallows one
 * character, so a padding `0` precedes the option length.
 */
import { QUIRKS, type TcpSignature, type WindowSize } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';

const OPTION_NAMES: { readonly [kind: number]: string } = { 1: 'nop', 2: 'mss', 3: 'ws', 4: 'sok', 5: 'sack', 8: 'ts' };

function windowText(w: WindowSize): string {
  switch (w.kind) {
    case 'any':
      return '*';
    case 'value':
      return String(w.value);
    case 'mod':
      return `%${w.divisor}`;
    case 'mss':
      return `mss*${w.multiplier}`;
    case 'mtu':
      return `mtu*${w.multiplier}`;
  }
}

function layoutText(sig: TcpSignature): string {
  return sig.layout
    .map((kind, i) => {
      if (kind === 0) return i === sig.layout.length - 1 ? `eol+${sig.eolPad}` : '?0';
      return OPTION_NAMES[kind] ?? `?${kind}`;
    })
    .join(',');
}

function quirksText(quirks: number): string {
  return QUIRKS.filter((_, i) => (quirks & (1 << i)) !== 0).join(',');
}

/** The `sig =` value of a TCP signature. */
export function tcpSignatureText(sig: TcpSignature): string {
  const ver = sig.ipVersion === 'any' ? '*' : String(sig.ipVersion);
  const ttlOlen = sig.badTtl ? `${sig.ttl}-:0${sig.ipOptionLength}` : `${sig.ttl}:${sig.ipOptionLength}`;
  const mss = sig.mss === -1 ? '*' : String(sig.mss);
  const scale = sig.windowScale === -1 ? '*' : String(sig.windowScale);
  const pclass = sig.payloadClass === -1 ? '*' : sig.payloadClass === 0 ? '0' : '+';
  return `${ver}:${ttlOlen}:${mss}:${windowText(sig.window)},${scale}:${layoutText(sig)}:${quirksText(sig.quirks)}:${pclass}`;
}

/** The `label =` value of a TCP/HTTP signature. */
export function labelText(db: SignatureDatabase, sig: Pick<TcpSignature, 'generic' | 'classId' | 'nameId' | 'flavor'>): string {
  const cls = sig.classId === -1 ? '!' : db.classes[sig.classId] ?? '?';
  return `${sig.generic ? 'g' : 's'}:${cls}:${db.names[sig.nameId] ?? '?'}:${sig.flavor ?? ''}`;
}

function sysText(db: SignatureDatabase, sig: TcpSignature): string {
  return sig.sys.map((e) => (e.kind === 'class' ? `@${db.classes[e.classId] ?? '?'}` : db.names[e.nameId] ?? '?')).join(',');
}

/** The TCP and MTU parts of a database as a loadable p0f.fp file (one label per sig). */
export function tcpDatabaseText(db: SignatureDatabase): string {
  const lines: string[] = [];
  if (db.classes.length > 0) lines.push(`classes = ${db.classes.join(',')}`, '');
  for (const [section, sigs] of [['tcp:request', db.tcpRequest], ['tcp:response', db.tcpResponse]] as const) {
    lines.push(`[${section}]`, '');
    for (const sig of sigs) {
      lines.push(`label = ${labelText(db, sig)}`);
      // An application label must be followed by exactly one sys line (may be empty).
      if (sig.classId === -1) lines.push(`sys   = ${sysText(db, sig)}`);
      lines.push(`sig   = ${tcpSignatureText(sig)}`, '');
    }
  }
  if (db.mtu.length > 0) {
    lines.push('[mtu]', '');
    for (const m of db.mtu) lines.push(`label = ${m.label}`, `sig   = ${m.mtu}`, '');
  }
  return lines.join('\n');
}
