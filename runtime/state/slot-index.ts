/**
 * Open-addressing index from a 30-bit hash to an arena slot, shared by the host and
 * flow tables. Each bucket is two words, slot + 1 (0 = empty) and the entry's hash, so a
 * probe compares hashes without leaving the bucket's cache line: a lookup that misses,
 * the common case in a flood of new sources, reads one line of the index and nothing
 * else. The hash of each slot is also kept by slot, to find a record's bucket when it is
 * removed. Linear probing with backward-shift deletion needs no tombstones, so probe
 * lengths never degrade under constant churn (a SYN flood inserts and deletes on every
 * packet). Key comparison is the caller's: it probes `table` itself, because the key
 * lives in its own arena.
 *
 * Pruning removes thousands of records at once. Removing them one by one would visit a
 * random bucket each, which at the largest limits means a cache and TLB miss per record;
 * `sweep` instead removes a whole batch in one sequential pass over the buckets (the
 * arena uses it once the index is too large for the caches; see slot-arena.ts).
 */

const MIN_BUCKETS = 64;

export class SlotIndex {
  /** Linear-probing buckets: `table[2i]` = slot + 1 (0 = empty), `table[2i + 1]` = its hash. */
  table: Int32Array;
  /** Bucket count - 1. */
  mask: number;
  /** Hash of each slot's key, by slot. */
  hashes: Int32Array;

  constructor(expected: number, slotCapacity: number) {
    let n = MIN_BUCKETS;
    while (n < 2 * expected) n <<= 1;
    this.table = new Int32Array(2 * n);
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
    this.table = new Int32Array(2 * n);
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
    const t = this.table;
    const mask = this.mask;
    const hash = this.hashes[slot];
    let i = hash & mask;
    while (t[2 * i] !== 0) i = (i + 1) & mask;
    t[2 * i] = slot + 1;
    t[2 * i + 1] = hash;
  }

  /** Removes a slot known to be present. */
  remove(slot: number): void {
    const t = this.table;
    const mask = this.mask;
    let i = this.hashes[slot] & mask;
    while (t[2 * i] !== slot + 1) i = (i + 1) & mask;
    this.removeAt(i);
  }

  /**
   * Removes every slot whose bit is set in `dead`, a bitmap indexed by slot + 1 (so the
   * empty bucket value 0 reads bit 0, which is never set), in one pass over the buckets;
   * the bits are cleared as the entries are found. The pass starts after an empty bucket,
   * so no cluster wraps past its start, and a removal only shifts entries from later in
   * the cluster back towards the pass, which looks at the bucket again.
   */
  sweep(dead: Int32Array): void {
    const t = this.table;
    let start = 0;
    while (t[2 * start] !== 0) start++;
    this.sweepRange(dead, start + 1, this.mask + 1);
    this.sweepRange(dead, 0, start);
  }

  private sweepRange(dead: Int32Array, from: number, to: number): void {
    const t = this.table;
    for (let i = from; i < to; i++) {
      // No branch on empty buckets (they would be mispredicted half the time); after a
      // removal the bucket may hold an entry shifted back from later in the cluster.
      for (let e = t[2 * i]; (dead[e >>> 5] & (1 << (e & 31))) !== 0; e = t[2 * i]) {
        dead[e >>> 5] &= ~(1 << (e & 31));
        this.removeAt(i);
      }
    }
  }

  /** Backward-shift deletion of the entry in bucket `i`. */
  private removeAt(i: number): void {
    const t = this.table;
    const mask = this.mask;
    for (let j = (i + 1) & mask; t[2 * j] !== 0; j = (j + 1) & mask) {
      const home = t[2 * j + 1] & mask;
      // The entry at j may fill the hole at i only if its home bucket is not in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      t[2 * i] = t[2 * j];
      t[2 * i + 1] = t[2 * j + 1];
      i = j;
    }
    t[2 * i] = 0;
  }
}
