/**
 * Addresses as 24-bit chunks (IPv4: 2, IPv6: 6) and seeded hashes over them, kept below
 * 2^30 so that V8 stores every one as a small integer inside the record: no boxed numbers,
 * no strings, no bigints, no typed arrays. The seed is random per table so spoofed sources
 * cannot be chosen to collide.
 */

const SMI_MASK = 0x3fffffff;

export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Chunk `i` (bytes 3i..3i+2, big-endian; bytes past `length` count as 0). */
export function readChunk(bytes: Uint8Array, offset: number, length: number, i: number): number {
  const at = 3 * i;
  const b0 = at < length ? bytes[offset + at] : 0;
  const b1 = at + 1 < length ? bytes[offset + at + 1] : 0;
  const b2 = at + 2 < length ? bytes[offset + at + 2] : 0;
  return (b0 << 16) | (b1 << 8) | b2;
}

/** Writes `length` address bytes from chunks stored at `words[at..]`. */
export function writeChunks(out: Uint8Array, length: number, words: Int32Array, at: number): void {
  for (let i = 0; i < length; i++) out[i] = (words[at + ((i / 3) | 0)] >>> (16 - (i % 3) * 8)) & 0xff;
}

/** Hash of an address given as chunks (IPv4 uses c0, c1; the rest are 0). */
export function hashChunks(seed: number, ipVersion: 4 | 6, c0: number, c1: number, c2: number, c3: number, c4: number, c5: number): number {
  let h = mix32(seed ^ ipVersion ^ c0);
  h = mix32(h ^ c1);
  if (ipVersion === 6) {
    h = mix32(h ^ c2);
    h = mix32(h ^ c3);
    h = mix32(h ^ c4);
    h = mix32(h ^ c5);
  }
  return h & SMI_MASK;
}

/** Hash of an address and port. */
export function hashEndpointChunks(
  seed: number, ipVersion: 4 | 6, c0: number, c1: number, c2: number, c3: number, c4: number, c5: number, port: number,
): number {
  return mix32(hashChunks(seed, ipVersion, c0, c1, c2, c3, c4, c5) ^ Math.imul(port + 1, 0x27d4eb2d)) & SMI_MASK;
}

/** Direction-independent flow hash: the sum of the two endpoint hashes. */
export function combineFlowHash(a: number, b: number): number {
  return (a + b) & SMI_MASK;
}

export function randomSeed(): number {
  return (Math.random() * 0x100000000) >>> 0;
}
