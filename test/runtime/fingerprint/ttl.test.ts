import { describe, expect, it } from 'vitest';
import { guessDistance } from '../../../runtime/fingerprint/ttl.js';

describe('guessDistance', () => {
  it.each([
    [1, 31], [32, 0], [33, 31], [64, 0], [57, 7], [65, 63], [128, 0], [113, 15], [129, 126], [255, 0], [0, 32],
  ])('ttl %i -> %i', (ttl, dist) => {
    expect(guessDistance(ttl)).toBe(dist);
  });
});
