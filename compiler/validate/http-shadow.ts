/**
 * Whether every HTTP message that matches signature `s` also matches `r` (B.5 rules),
 * decided conservatively (false when unsure). Unlike p0f's duplicate rule, this reasons
 * about all messages: extra headers may appear anywhere, and the matcher takes the first
 * occurrence of a header at or after its position, so a value test in `r` is only safe
 * when `r`'s headers up to it line up one-to-one with the start of `s`.
 */
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';

export function httpShadows(r: HttpSignature, s: HttpSignature): boolean {
  if (r.version !== -1 && r.version !== s.version) return false;
  if (r.headers.some((h) => h.optional)) return false;
  for (const a of r.absent) if (!s.absent.includes(a)) return false;
  const lastValued = r.headers.reduce((last, h, i) => (h.value !== null ? i : last), -1);
  let p = 0;
  for (let i = 0; i < r.headers.length; i++) {
    const e = r.headers[i];
    // Several entries with the same name make "which occurrence" ambiguous.
    if (s.headers.filter((h) => h.name === e.name).length !== 1) return false;
    const j = i <= lastValued ? i : s.headers.findIndex((h, k) => k >= p && h.name === e.name);
    const sh = s.headers[j];
    if (sh === undefined || sh.name !== e.name || sh.optional) return false;
    if (e.value !== null && (sh.value === null || !sh.value.includes(e.value))) return false;
    p = j + 1;
  }
  return true;
}
