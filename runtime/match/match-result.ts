import type { TcpSignature } from '../fingerprint/tcp-types.js';
import type { HttpSignature } from '../fingerprint/http-types.js';

/** p0f's preference tiers: first specific exact, then first generic exact, then first fuzzy. */
export type MatchTier = 'exact' | 'generic' | 'fuzzy';

export type TcpMatchResult =
  | {
      readonly kind: 'match';
      readonly signature: TcpSignature;
      /** 'generic' = exact match on a g: signature; a fuzzy match on a g: signature is 'fuzzy'. */
      readonly tier: MatchTier;
      /** Distance in hops as p0f computes it (unsigned 8-bit). */
      readonly distance: number;
    }
  | {
      readonly kind: 'none';
      readonly distance: number;
      /** True when the only candidate was a fuzzy userland (`!`) signature: p0f reports no match, distance 0. */
      readonly fuzzyUserland: boolean;
    };

export type HttpMatchResult =
  | { readonly kind: 'match'; readonly signature: HttpSignature; readonly tier: 'exact' | 'generic' }
  | { readonly kind: 'none' };
