/**
 * Open-addressing index from a 30-bit hash to an arena slot, shared by the host and
 * flow tables. Buckets hold only slot numbers and the hashes sit in a slot-indexed
 * array, both 4 bytes per entry: at the largest `-m` limits they stay small enough for
 * the CPU cache, while the arena records they point to would not. Linear probing with
 * backward-shift deletion needs no tombstones, so probe lengths never degrade under
 * constant churn (a SYN flood inserts and deletes on every packet). Key comparison is
 * the caller's: it probes `buckets` itself, because the key lives in its own arena.
 */

const MIN_BUCKETS = 64;

export class SlotIndex {
  /** Linear-probing buckets holding slot + 1 (0 = empty). */
  buckets: Int32Array;
  mask: number;
  /** Hash of each slot's key, by slot. */
  hashes: Int32Array;

  constructor(expected: number, slotCapacity: number) {
    let n = MIN_BUCKETS;
    while (n < 2 * expected) n <<= 1;
    this.buckets = new Int32Array(n);
    this.mask = n - 1;
    this.hashes = new Int32Array(slotCapacity);
  }

  /** Whether holding `count` entries would exceed a load factor of 1/2. */
  full(count: number): boolean {
    return 2 * count > this.mask + 1;
  }

  /** Doubles the bucket count; the caller re-adds every live slot with `reinsert`. */
  grow(): void {
    const n = 2 * (this.mask + 1);
    this.buckets = new Int32Array(n);
    this.mask = n - 1;
  }

  /** Makes room for slots below `slotCapacity`. */
  growSlots(slotCapacity: number): void {
    const hashes = new Int32Array(slotCapacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  insert(hash: number, slot: number): void {
    this.hashes[slot] = hash;
    this.reinsert(slot);
  }

  reinsert(slot: number): void {
    const b = this.buckets;
    const mask = this.mask;
    let i = this.hashes[slot] & mask;
    while (b[i] !== 0) i = (i + 1) & mask;
    b[i] = slot + 1;
  }

  /** Removes a slot known to be present. */
  remove(slot: number): void {
    const b = this.buckets;
    const hashes = this.hashes;
    const mask = this.mask;
    let i = hashes[slot] & mask;
    while (b[i] !== slot + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; b[j] !== 0; j = (j + 1) & mask) {
      const home = hashes[b[j] - 1] & mask;
      // The entry at j may fill the hole at i only if its home bucket is not in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      b[i] = b[j];
      i = j;
    }
    b[i] = 0;
  }
}
