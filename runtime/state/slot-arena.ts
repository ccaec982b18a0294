/**
 * What the host and flow tables share: records as fixed-size runs of words in one
 * Int32Array, slots handed out and reused, an index from key hash to slot, and an
 * intrusive doubly-linked list (words LINK_OLDER / LINK_NEWER of every record) that
 * orders records by age. The subclasses own everything else about their records.
 */
import { NO_SLOT } from './host-layout.js';
import { SlotIndex } from './slot-index.js';

/** Age-list links, the first two words of every record. */
export const LINK_OLDER = 0;
export const LINK_NEWER = 1;

const MIN_SLOTS = 64;
/**
 * A sweep reads every bucket, about 20 per record removed. That beats visiting each
 * removed record's bucket only once the index (8 bytes a bucket) outgrows the caches:
 * on the flood's table operations alone, one by one was 5-25 % faster with 2^18 buckets
 * (2 MB) and less, and the sweep about 10 % faster with 2^20 (8 MB).
 */
const SWEEP_FROM_BUCKETS = 1 << 19;

export abstract class SlotArena {
  /** The arena; replaced when it grows, so never cache it across a call that may allocate. */
  words: Int32Array;
  protected readonly index: SlotIndex;
  count = 0;
  /** Oldest / newest record in age order, NO_SLOT when empty. */
  oldestSlot = NO_SLOT;
  newestSlot = NO_SLOT;
  private capacity: number;
  /** Slots ever handed out; slots >= used have never held a record. */
  private used = 0;
  private free: Int32Array;
  private freeCount = 0;
  /** Slots released in the current batch, bit slot + 1 (SlotIndex.sweep), until `endBatch` unindexes them. */
  private dead: Int32Array;
  private batchSize = 0;

  /**
   * `expected` reserves the arena and the index up front, so a table filling up to its
   * limit never copies or rehashes; it still grows past that if it must. Untouched pages
   * of a typed array are never committed, so the reservation costs no memory.
   */
  protected constructor(
    private readonly stride: number,
    expected: number,
    /** Batches unindex with one sweep only from this many buckets on (tests lower it). */
    private readonly sweepFromBuckets = SWEEP_FROM_BUCKETS,
  ) {
    this.capacity = Math.max(MIN_SLOTS, expected);
    this.words = new Int32Array(this.capacity * stride);
    this.free = new Int32Array(this.capacity);
    this.dead = new Int32Array((this.capacity + 32) >>> 5);
    this.index = new SlotIndex(this.capacity, this.capacity);
  }

  newerOf(slot: number): number {
    return this.words[slot * this.stride + LINK_NEWER];
  }

  /**
   * A slot for a new record (most recently freed first), linked as the newest. The caller
   * writes the key and then indexes it with `index.insert(hash, slot)`.
   */
  protected allocate(): number {
    if (this.index.full(this.count + 1)) {
      this.index.grow();
      for (let s = this.oldestSlot; s !== NO_SLOT; s = this.newerOf(s)) this.index.reinsert(s);
    }
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.free[--this.freeCount];
    } else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.linkNewest(slot);
    this.count++;
    return slot;
  }

  /** Unindexes and unlinks a record; its slot is reused by the next allocation. */
  protected release(slot: number): void {
    this.index.remove(slot);
    this.retire(slot);
  }

  /**
   * Like `release`, but the index entry stays until `endBatch`, which removes the whole
   * batch in one pass. Nothing may be looked up or allocated in between.
   */
  protected releaseInBatch(slot: number): void {
    if (this.index.mask + 1 < this.sweepFromBuckets) {
      this.release(slot);
      return;
    }
    this.dead[(slot + 1) >>> 5] |= 1 << ((slot + 1) & 31);
    this.batchSize++;
    this.retire(slot);
  }

  protected endBatch(): void {
    if (this.batchSize === 0) return;
    this.batchSize = 0;
    this.index.sweep(this.dead);
  }

  /** Takes an unindexed (or batch-marked) record out of the age list and frees its slot. */
  private retire(slot: number): void {
    this.unlink(slot);
    this.count--;
    this.free[this.freeCount++] = slot;
  }

  protected linkNewest(slot: number): void {
    const w = this.words;
    const o = slot * this.stride;
    w[o + LINK_OLDER] = this.newestSlot;
    w[o + LINK_NEWER] = NO_SLOT;
    if (this.newestSlot !== NO_SLOT) w[this.newestSlot * this.stride + LINK_NEWER] = slot;
    else this.oldestSlot = slot;
    this.newestSlot = slot;
  }

  protected unlink(slot: number): void {
    const w = this.words;
    const older = w[slot * this.stride + LINK_OLDER];
    const newer = w[slot * this.stride + LINK_NEWER];
    if (older !== NO_SLOT) w[older * this.stride + LINK_NEWER] = newer;
    else this.oldestSlot = newer;
    if (newer !== NO_SLOT) w[newer * this.stride + LINK_OLDER] = older;
    else this.newestSlot = older;
  }

  /** Called after the arena doubled to `capacity` slots, for per-slot arrays of the subclass. */
  protected abstract grown(capacity: number): void;

  private grow(): void {
    this.capacity *= 2;
    const words = new Int32Array(this.capacity * this.stride);
    words.set(this.words);
    this.words = words;
    const free = new Int32Array(this.capacity);
    free.set(this.free.subarray(0, this.freeCount));
    this.free = free;
    const dead = new Int32Array((this.capacity + 32) >>> 5);
    dead.set(this.dead);
    this.dead = dead;
    this.index.growSlots(this.capacity);
    this.grown(this.capacity);
  }
}
