/**
 * A signature as the diff sees it: its section, position, label and value as text, and
 * the value split into named fields so that changes can be reported field by field.
 * Texts are canonical prints of the loaded model, so layout-only edits never show up.
 */
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';
import type { MtuSignature, TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { labelText, tcpSignatureText } from '../fuzz/signature-text.js';

export const SECTIONS = ['mtu', 'tcp:request', 'tcp:response', 'http:request', 'http:response'] as const;
export type SectionId = (typeof SECTIONS)[number];

export type AnySignature =
  | { readonly kind: 'tcp'; readonly signature: TcpSignature }
  | { readonly kind: 'http'; readonly signature: HttpSignature }
  | { readonly kind: 'mtu'; readonly signature: MtuSignature };

export interface SignatureView {
  readonly section: SectionId;
  /** Position in the section's ordered list (0-based). */
  readonly index: number;
  readonly line: number;
  /** `s:unix:Linux:3.x`, or the link name for MTU; an app label adds ` sys=…`. */
  readonly label: string;
  /** What identifies the label: name and class compared case-insensitively, as p0f looks them up. */
  readonly labelKey: string;
  /** The `sig =` value, canonically printed. */
  readonly text: string;
  /** Named parts of the value, in p0f's field order. */
  readonly fields: readonly (readonly [string, string])[];
  readonly generic: boolean;
  readonly source: AnySignature;
}

export function signatureViews(db: SignatureDatabase, section: SectionId): SignatureView[] {
  switch (section) {
    case 'mtu':
      return db.mtu.map((s, index) => ({
        section, index, line: s.line, label: s.label, labelKey: s.label, text: String(s.mtu), fields: [['mtu', String(s.mtu)]], generic: false,
        source: { kind: 'mtu', signature: s },
      }));
    case 'tcp:request':
    case 'tcp:response':
      return (section === 'tcp:request' ? db.tcpRequest : db.tcpResponse).map((s, index) => {
        const text = tcpSignatureText(s);
        const [ver, ttl, olen, mss, winScale, layout, quirks, pclass] = splitTcpText(text, s);
        const [win, scale] = (winScale as string).split(',');
        return {
          section, index, line: s.line, label: fullLabel(db, s), labelKey: fullLabelKey(db, s), text, generic: s.generic,
          fields: [['ver', ver], ['ttl', ttl], ['olen', olen], ['mss', mss], ['window', win as string], ['scale', scale as string], ['options', layout], ['quirks', quirks], ['pclass', pclass]],
          source: { kind: 'tcp', signature: s },
        };
      });
    case 'http:request':
    case 'http:response':
      return (section === 'http:request' ? db.httpRequest : db.httpResponse).map((s, index) => {
        const fields = httpFields(s);
        return {
          section, index, line: s.line, label: fullLabel(db, s), labelKey: fullLabelKey(db, s), text: fields.map(([, v]) => v).join(':'), generic: s.generic,
          fields, source: { kind: 'http', signature: s },
        };
      });
  }
}

/** Splits the canonical TCP text; the bad-TTL form `N-:0olen` is kept readable. */
function splitTcpText(text: string, s: TcpSignature): string[] {
  const parts = text.split(':');
  if (s.badTtl) return [parts[0] as string, `${s.ttl}-`, String(s.ipOptionLength), ...parts.slice(4)];
  return parts;
}

function fullLabel(db: SignatureDatabase, s: TcpSignature | HttpSignature): string {
  const label = labelText(db, s);
  if (s.classId !== -1) return label;
  const sys = s.sys.map((e) => (e.kind === 'class' ? `@${db.classes[e.classId] ?? '?'}` : (db.names[e.nameId] ?? '?'))).join(',');
  return `${label} sys=${sys}`;
}

function fullLabelKey(db: SignatureDatabase, s: TcpSignature | HttpSignature): string {
  const cls = s.classId === -1 ? '!' : (db.classes[s.classId] ?? '?').toLowerCase();
  const name = (db.names[s.nameId] ?? '?').toLowerCase();
  const sys = s.classId !== -1 ? '' : ` sys=${s.sys.map((e) => (e.kind === 'class' ? `@${(db.classes[e.classId] ?? '?').toLowerCase()}` : (db.names[e.nameId] ?? '?').toLowerCase())).join(',')}`;
  return `${s.generic ? 'g' : 's'}:${cls}:${name}:${s.flavor ?? ''}${sys}`;
}

function httpFields(s: HttpSignature): [string, string][] {
  const ver = s.version === -1 ? '*' : String(s.version);
  const headers = s.headers.map((h) => `${h.optional ? '?' : ''}${h.name}${h.value === null ? '' : `=[${h.value}]`}`).join(',');
  return [['ver', ver], ['headers', headers], ['absent', s.absent.join(',')], ['software', s.expectedSoftware ?? '']];
}

export function sectionList(db: SignatureDatabase, section: SectionId): readonly TcpSignature[] | readonly HttpSignature[] | readonly MtuSignature[] {
  switch (section) {
    case 'mtu': return db.mtu;
    case 'tcp:request': return db.tcpRequest;
    case 'tcp:response': return db.tcpResponse;
    case 'http:request': return db.httpRequest;
    case 'http:response': return db.httpResponse;
  }
}
