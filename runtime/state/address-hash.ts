/**
 * Seeded 32-bit hashing of addresses held as 32-bit words (no strings, no bigints, no
 * typed-array allocation). The seed is random per table so spoofed sources cannot be
 * chosen to collide.
 */

export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Big-endian 32-bit word at `at` (unsigned). */
export function readWord(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/** Hash of an address given as words (IPv4 uses only `w0`). */
export function hashWords(seed: number, ipVersion: 4 | 6, w0: number, w1: number, w2: number, w3: number): number {
  let h = mix32(seed ^ ipVersion ^ w0);
  if (ipVersion === 6) {
    h = mix32(h ^ w1);
    h = mix32(h ^ w2);
    h = mix32(h ^ w3);
  }
  return h;
}

/** Hash of an address and port. */
export function hashEndpointWords(seed: number, ipVersion: 4 | 6, w0: number, w1: number, w2: number, w3: number, port: number): number {
  return mix32(hashWords(seed, ipVersion, w0, w1, w2, w3) ^ Math.imul(port + 1, 0x27d4eb2d));
}

export function randomSeed(): number {
  return (Math.random() * 0x100000000) >>> 0;
}
