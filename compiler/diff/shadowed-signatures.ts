/**
 * Which signatures can never be reported because an earlier one always wins for every
 * packet they match exactly. Uses the validator's covering rules (p0f's own duplicate
 * test): an earlier signature that covers a later one wins when it is specific, or when
 * both are generic (a specific signature still beats an earlier generic one).
 * MTU entries are shadowed by an earlier entry with the same MTU.
 */
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { httpCovers } from '../validate/http-covers.js';
import { signatureWindowMultiplier, tcpCovers } from '../validate/tcp-covers.js';
import type { SectionId } from './signature-view.js';

/** shadowed index → index of the first earlier signature that shadows it. */
export function shadowedSignatures(db: SignatureDatabase, section: SectionId): Map<number, number> {
  const out = new Map<number, number>();
  if (section === 'mtu') {
    const first = new Map<number, number>();
    db.mtu.forEach((s, i) => {
      const earlier = first.get(s.mtu);
      if (earlier === undefined) first.set(s.mtu, i);
      else out.set(i, earlier);
    });
    return out;
  }
  if (section === 'tcp:request' || section === 'tcp:response') {
    const list = section === 'tcp:request' ? db.tcpRequest : db.tcpResponse;
    list.forEach((n, i) => {
      const multi = signatureWindowMultiplier(n);
      for (let k = 0; k < i; k++) {
        const r = list[k]!;
        if ((!r.generic || n.generic) && tcpCovers(r, n, multi)) {
          out.set(i, k);
          break;
        }
      }
    });
    return out;
  }
  const list = section === 'http:request' ? db.httpRequest : db.httpResponse;
  list.forEach((n, i) => {
    for (let k = 0; k < i; k++) {
      const r = list[k]!;
      if ((!r.generic || n.generic) && httpCovers(r, n)) {
        out.set(i, k);
        break;
      }
    }
  });
  return out;
}
