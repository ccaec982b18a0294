/**
 * Whether two loaded databases mean the same thing: equal in every field that affects
 * matching or output, ignoring where things were written (line numbers, source file).
 */
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';

export function sameMeaning(a: SignatureDatabase, b: SignatureDatabase): boolean {
  return deepEqual(withoutPlacement(a), withoutPlacement(b));
}

/** The database with its placement-only fields (source, `line`) removed. */
export function withoutPlacement(db: SignatureDatabase): unknown {
  const { source: _source, ...rest } = db;
  return dropKey(rest, 'line');
}

function dropKey(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => dropKey(v, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== key) out[k] = dropKey(v, key);
    return out;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
