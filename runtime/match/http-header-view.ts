/**
 * An observed header list re-expressed with table name ids, so header-order checks
 * compare small integers instead of strings. One instance is reused per matcher.
 */
export class HttpHeaderView {
  /** Name id per observed header, -1 for names no signature mentions. */
  ids = new Int32Array(32);
  values: (string | null)[] = [];
  count = 0;
  /** Bit per name id: present anywhere in the message. */
  mask: Uint32Array;

  constructor(maskWords: number) {
    this.mask = new Uint32Array(Math.max(1, maskWords));
  }

  /** First index >= from with this name id, or -1. */
  find(id: number, from: number): number {
    const ids = this.ids;
    for (let j = from; j < this.count; j++) if (ids[j] === id) return j;
    return -1;
  }

  has(id: number): boolean {
    return (this.mask[id >>> 5] & (1 << (id & 31))) !== 0;
  }

  /** The header at `index` has a value containing `needle` (case-sensitive). */
  valueContains(index: number, needle: string): boolean {
    const value = this.values[index];
    return value !== null && value.includes(needle);
  }
}
