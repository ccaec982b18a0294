/**
 * Which signatures can never be reported, by the unreachable-signature lint's rules
 * (compiler/validate/checks/unreachable-signature.ts): a TCP signature no packet can match,
 * or a signature another one beats on every packet it matches (the first specific exact
 * match wins; a specific one beats any generic one; among generic ones the first wins).
 * MTU entries are shadowed by an earlier entry with the same MTU.
 */
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';
import type { TcpSignature } from '../../runtime/fingerprint/tcp-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { httpCovers } from '../validate/http-covers.js';
import { impossibleReason, tcpShadows } from '../validate/tcp-shadow.js';
import type { SectionId } from './signature-view.js';

export interface Shadowing {
  /** Index of the signature that always wins over it; null when nothing can match it at all. */
  readonly by: number | null;
  readonly reason: string;
}

function wins(r: { generic: boolean }, s: { generic: boolean }, ri: number, si: number): boolean {
  if (!r.generic) return ri < si || s.generic;
  return s.generic && ri < si;
}

/** shadowed index → why. */
export function shadowedSignatures(db: SignatureDatabase, section: SectionId): Map<number, Shadowing> {
  const out = new Map<number, Shadowing>();
  if (section === 'mtu') {
    const first = new Map<number, number>();
    db.mtu.forEach((s, i) => {
      const earlier = first.get(s.mtu);
      if (earlier === undefined) first.set(s.mtu, i);
      else out.set(i, { by: earlier, reason: 'an earlier entry has the same MTU' });
    });
    return out;
  }
  if (section === 'tcp:request' || section === 'tcp:response') {
    const list: readonly TcpSignature[] = section === 'tcp:request' ? db.tcpRequest : db.tcpResponse;
    list.forEach((s, si) => {
      const impossible = impossibleReason(s);
      if (impossible !== null) {
        out.set(si, { by: null, reason: `can never match: ${impossible}` });
        return;
      }
      const ri = list.findIndex((r, k) => k !== si && wins(r, s, k, si) && tcpShadows(r, s));
      if (ri >= 0) out.set(si, { by: ri, reason: 'always beaten' });
    });
    return out;
  }
  const list: readonly HttpSignature[] = section === 'http:request' ? db.httpRequest : db.httpResponse;
  list.forEach((s, si) => {
    const ri = list.findIndex((r, k) => k !== si && wins(r, s, k, si) && httpCovers(r, s));
    if (ri >= 0) out.set(si, { by: ri, reason: 'always beaten' });
  });
  return out;
}
