/**
 * p0f's guess of the hop distance from an observed TTL: the distance to the next
 * common initial TTL (32, 64, 128, 255) at or above it.
 */
export function guessDistance(ttl: number): number {
  if (ttl <= 32) return 32 - ttl;
  if (ttl <= 64) return 64 - ttl;
  if (ttl <= 128) return 128 - ttl;
  return 255 - ttl;
}
