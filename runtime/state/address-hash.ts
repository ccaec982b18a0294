/**
 * Seeded 32-bit hashing of address bytes without building strings or bigints.
 * The seed is random per table so spoofed sources cannot be chosen to collide.
 */

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function word(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/** Hash of one address (4 or 16 bytes at `offset`). */
export function hashAddress(seed: number, ipVersion: 4 | 6, bytes: Uint8Array, offset: number): number {
  let h = seed ^ ipVersion;
  h = mix(h ^ word(bytes, offset));
  if (ipVersion === 6) {
    h = mix(h ^ word(bytes, offset + 4));
    h = mix(h ^ word(bytes, offset + 8));
    h = mix(h ^ word(bytes, offset + 12));
  }
  return h;
}

/** Hash of an address and port. */
export function hashEndpoint(seed: number, ipVersion: 4 | 6, bytes: Uint8Array, offset: number, port: number): number {
  return mix(hashAddress(seed, ipVersion, bytes, offset) ^ Math.imul(port + 1, 0x27d4eb2d));
}

export function sameAddress(ipVersion: 4 | 6, a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): boolean {
  const n = ipVersion === 4 ? 4 : 16;
  for (let i = 0; i < n; i++) if (a[aOffset + i] !== b[bOffset + i]) return false;
  return true;
}

export function randomSeed(): number {
  return (Math.random() * 0x100000000) >>> 0;
}
