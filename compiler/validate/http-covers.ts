/**
 * p0f's HTTP duplicate rule (A.9.2): an earlier *specific* signature covers the new one
 * when the new one, read as an observed message, would match it. p0f's Bloom prefilter
 * is random when a required header appears in the new signature only as `?optional`;
 * like the spec recommends, optional entries of the new signature count as absent there.
 */
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';

export function mandatoryNames(n: HttpSignature): ReadonlySet<string> {
  return new Set(n.headers.filter((h) => !h.optional).map((h) => h.name));
}

export function httpCovers(r: HttpSignature, n: HttpSignature, nMandatory: ReadonlySet<string> = mandatoryNames(n)): boolean {
  if (r.version !== -1 && r.version !== n.version) return false;
  for (const h of r.headers) if (!h.optional && !nMandatory.has(h.name)) return false;
  if (!sequenceCovers(r, n)) return false;
  for (const a of r.absent) if (nMandatory.has(a)) return false;
  if (r.absent.length > n.absent.length) return false;
  for (const a of r.absent) if (!n.absent.includes(a)) return false;
  return true;
}

function sequenceCovers(r: HttpSignature, n: HttpSignature): boolean {
  const hdrs = n.headers;
  let p = 0;
  for (const e of r.headers) {
    let j = -1;
    for (let k = p; k < hdrs.length; k++) {
      if (hdrs[k].name === e.name) {
        j = k;
        break;
      }
    }
    if (j < 0) {
      if (!e.optional) return false;
      if (hdrs.some((h) => h.name === e.name)) return false;
      continue;
    }
    if (e.value !== null) {
      const got = hdrs[j].value;
      if (got === null || !got.includes(e.value)) return false;
    }
    p = j + 1;
  }
  return true;
}

export function findCoveringHttp(n: HttpSignature, earlier: readonly HttpSignature[]): HttpSignature | null {
  const nMandatory = mandatoryNames(n);
  for (const r of earlier) if (!r.generic && httpCovers(r, n, nMandatory)) return r;
  return null;
}
