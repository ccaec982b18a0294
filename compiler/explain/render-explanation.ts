/** Plain-text rendering of TCP and HTTP match explanations, with `file:line` locations. */
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import type { SignatureLabel } from '../../runtime/fingerprint/tcp-types.js';
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';
import { labelText, tcpSignatureText } from '../fuzz/signature-text.js';
import type { HttpExplanation } from './explain-http.js';
import type { TcpExplanation } from './explain-tcp.js';

const MARK = { ok: '  ok ', fuzzy: 'fuzzy', fail: 'FAIL ' } as const;

function where(db: SignatureDatabase, line: number): string {
  return `${db.source.file}:${line}`;
}

function shownLabel(db: SignatureDatabase, sig: SignatureLabel): string {
  const name = db.names[sig.nameId] ?? '???';
  return sig.flavor === null || sig.flavor === '' ? name : `${name} ${sig.flavor}`;
}

function httpSigText(s: HttpSignature): string {
  const ver = s.version === -1 ? '*' : String(s.version);
  const headers = s.headers.map((h) => `${h.optional ? '?' : ''}${h.name}${h.value === null ? '' : `=[${h.value}]`}`).join(',');
  return `${ver}:${headers}:${s.absent.join(',')}:${s.expectedSoftware ?? ''}`;
}

export function renderTcpExplanation(db: SignatureDatabase, e: TcpExplanation, heading: string, notes: readonly string[]): string {
  const out: string[] = [heading];
  for (const n of notes) out.push(`  note: ${n}`);
  out.push(`  window: ${e.window.multiplier > 0 ? `${e.window.useMtu ? 'mtu' : 'mss'}*${e.window.multiplier}` : 'not an MSS/MTU multiple'}`);
  const r = e.result;
  if (r.kind === 'match') {
    const s = r.signature;
    const params = [s.generic ? 'generic' : '', r.tier === 'fuzzy' ? 'fuzzy' : '', s.badTtl ? 'random_ttl' : '', r.distance > 35 ? 'excess_dist' : ''].filter((p) => p !== '');
    out.push(`result: ${s.classId === -1 ? 'app' : 'os'} = ${shownLabel(db, s)}, dist = ${s.badTtl ? '<= ' : ''}${r.distance}, params = ${params.join(' ') || 'none'} (${r.tier})`);
  } else {
    out.push(`result: os = ???, dist = ${r.distance}${r.fuzzyUserland ? ' (only a fuzzy application signature fitted; p0f reports no match)' : ''}`);
  }
  out.push(`  (${e.considered} signatures in [tcp:${e.direction}])`);
  for (const c of e.candidates) {
    const s = c.signature;
    out.push('', `${c.winner ? 'winner' : c.fit === 'none' ? 'near miss' : 'also fits'}: ${where(db, s.line)}  [${labelText(db, s)}]  sig = ${tcpSignatureText(s)}`);
    if (c.note !== null) out.push(`  ${c.note}`);
    for (const f of c.fields) if (f.verdict !== 'ok' || c.winner) out.push(`  ${MARK[f.verdict]} ${f.field.padEnd(7)} ${f.detail}`);
  }
  return `${out.join('\n')}\n`;
}

export function renderHttpExplanation(db: SignatureDatabase, e: HttpExplanation, heading: string, notes: readonly string[], direction: 'request' | 'response'): string {
  const out: string[] = [heading];
  for (const n of notes) out.push(`  note: ${n}`);
  const r = e.result;
  if (r.kind === 'match') {
    const s = r.signature;
    out.push(`result: ${s.classId === -1 ? 'app' : 'os'} = ${shownLabel(db, s)} (${r.tier})${e.dishonest ? ', dishonest: software does not contain the expected string' : ''}`);
  } else {
    out.push('result: app = ??? (no signature matches)');
  }
  out.push(`  (${e.considered} signatures in [http:${direction}])`);
  for (const c of e.candidates) {
    const s = c.signature;
    out.push('', `${c.winner ? 'winner' : c.fit === 'none' ? 'near miss' : 'also fits'}: ${where(db, s.line)}  [${labelText(db, s)}]  sig = ${httpSigText(s)}`);
    if (c.note !== null) out.push(`  ${c.note}`);
    for (const f of c.fields) if (f.verdict !== 'ok' || c.winner) out.push(`  ${MARK[f.verdict]} ${f.field.padEnd(7)} ${f.detail}`);
  }
  return `${out.join('\n')}\n`;
}

/** The same facts as data, for `--format json`. */
export function tcpExplanationJson(db: SignatureDatabase, e: TcpExplanation, rawSig: string, notes: readonly string[]): Record<string, unknown> {
  const r = e.result;
  return {
    kind: 'tcp',
    direction: e.direction,
    rawSig,
    notes,
    window: e.window.multiplier > 0 ? `${e.window.useMtu ? 'mtu' : 'mss'}*${e.window.multiplier}` : null,
    result: r.kind === 'match'
      ? { match: shownLabel(db, r.signature), app: r.signature.classId === -1, tier: r.tier, distance: r.distance, location: where(db, r.signature.line) }
      : { match: null, distance: r.distance, fuzzyUserland: r.fuzzyUserland },
    candidates: e.candidates.map((c) => ({
      location: where(db, c.signature.line),
      label: labelText(db, c.signature),
      sig: tcpSignatureText(c.signature),
      winner: c.winner,
      fit: c.fit,
      note: c.note,
      fields: c.fields,
    })),
  };
}

export function httpExplanationJson(db: SignatureDatabase, e: HttpExplanation, rawSig: string, notes: readonly string[], direction: 'request' | 'response'): Record<string, unknown> {
  const r = e.result;
  return {
    kind: 'http',
    direction,
    rawSig,
    notes,
    result: r.kind === 'match'
      ? { match: shownLabel(db, r.signature), app: r.signature.classId === -1, tier: r.tier, dishonest: e.dishonest, location: where(db, r.signature.line) }
      : { match: null },
    candidates: e.candidates.map((c) => ({
      location: where(db, c.signature.line),
      label: labelText(db, c.signature),
      sig: httpSigText(c.signature),
      winner: c.winner,
      fit: c.fit,
      note: c.note,
      fields: c.fields,
    })),
  };
}
