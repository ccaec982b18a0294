/**
 * The open-addressing index on its own: random inserts, single removals and batch sweeps
 * against a Map, with hashes drawn from a tiny range so clusters are long, collide and
 * wrap around the end of the bucket array. After every step each live slot must be
 * reachable from its home bucket without crossing an empty bucket, and nothing else may
 * be indexed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotIndex } from '../../../runtime/state/slot-index.js';

type IndexOp =
  | { kind: 'insert'; hash: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'sweep'; picks: number[] };

const SLOTS = 48;

function reachable(ix: SlotIndex, slot: number, hash: number): boolean {
  for (let i = hash & ix.mask; ; i = (i + 1) & ix.mask) {
    const e = ix.table[2 * i];
    if (e === 0) return false;
    if (e === slot + 1) return ix.table[2 * i + 1] === hash;
  }
}

describe('SlotIndex', () => {
  it('keeps exactly the live slots reachable through removals and sweeps', () => {
    const op: fc.Arbitrary<IndexOp> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), hash: fc.oneof(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 56, max: 63 }), fc.integer({ min: 0, max: 0x3fffffff })) }) },
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('sweep' as const), picks: fc.array(fc.nat(), { maxLength: 12 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        // 32 entries at most in 64 buckets: the load factor the arenas keep.
        const ix = new SlotIndex(SLOTS / 2, SLOTS);
        const live = new Map<number, number>(); // slot → hash
        const free = Array.from({ length: SLOTS }, (_, i) => SLOTS - 1 - i);
        const dead = new Int32Array((SLOTS + 32) >>> 5);
        for (const o of ops) {
          if (o.kind === 'insert') {
            if (live.size >= SLOTS / 2) continue;
            const slot = free.pop()!;
            ix.insert(o.hash, slot);
            live.set(slot, o.hash);
          } else if (o.kind === 'remove') {
            if (live.size === 0) continue;
            const slot = [...live.keys()][o.pick % live.size];
            ix.remove(slot);
            live.delete(slot);
            free.push(slot);
          } else {
            const slots = [...live.keys()];
            for (const p of o.picks) {
              if (slots.length === 0) break;
              const slot = slots.splice(p % slots.length, 1)[0];
              dead[(slot + 1) >>> 5] |= 1 << ((slot + 1) & 31);
              live.delete(slot);
              free.push(slot);
            }
            ix.sweep(dead);
            expect([...dead].every((w) => w === 0)).toBe(true);
          }
          for (const [slot, hash] of live) expect(reachable(ix, slot, hash)).toBe(true);
          let indexed = 0;
          for (let i = 0; i <= ix.mask; i++) if (ix.table[2 * i] !== 0) indexed++;
          expect(indexed).toBe(live.size);
        }
      }),
      { numRuns: 500 },
    );
  });
});
