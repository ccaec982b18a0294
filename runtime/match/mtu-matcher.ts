import type { MtuSignature } from '../fingerprint/tcp-types.js';
import type { MtuTable } from './tables.js';
import type { MtuMatcher } from './tcp-matcher.js';

/** MTU lookup over the compiled table (one entry per value, first label in file order). */
export function createMtuMatcher(table: MtuTable): MtuMatcher {
  const byMtu = new Map<number, string>(table.entries.map(([mtu, label]) => [mtu, label]));
  return { lookup: (mtu) => byMtu.get(mtu) ?? null };
}

/** The reference lookup: a scan of the signatures in file order. */
export function createInterpretedMtuMatcher(signatures: readonly MtuSignature[]): MtuMatcher {
  return {
    lookup(mtu) {
      for (const sig of signatures) if (sig.mtu === mtu) return sig.label;
      return null;
    },
  };
}
