/**
 * An open-addressing hash table from fixed-width keys of 32-bit words to dense indexes
 * 0, 1, 2 ... in insertion order. Conversations, hosts and pending DNS queries are keyed by
 * packed addresses and ports this way: DESIGN.md measured a string-keyed Map at twice the cost
 * of reading and decoding every header, and this table builds no string and no object per lookup.
 *
 * Keys live in one growable Uint32Array; slots hold index + 1 (0 = empty), linear probing.
 */

const INITIAL_SLOTS = 1024;

export class KeyTable {
  readonly keyWords: number;
  private keys: Uint32Array;
  private slots: Int32Array;
  private hashes: Uint32Array;
  private count = 0;

  constructor(keyWords: number) {
    this.keyWords = keyWords;
    this.slots = new Int32Array(INITIAL_SLOTS);
    this.keys = new Uint32Array((INITIAL_SLOTS / 2) * keyWords);
    this.hashes = new Uint32Array(INITIAL_SLOTS / 2);
  }

  get size(): number {
    return this.count;
  }

  /** All keys, `keyWords` words each; valid until the next insert (which may grow it). */
  get words(): Uint32Array {
    return this.keys;
  }

  offsetOf(index: number): number {
    return index * this.keyWords;
  }

  /** Index of `key` (its first `keyWords` words), or -1. */
  find(key: Uint32Array): number {
    const hash = this.hash(key);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash && this.equals(entry - 1, key)) return entry - 1;
    }
  }

  /** Adds `key` (which must not be present) and returns its new index. */
  insert(key: Uint32Array): number {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const index = this.count++;
    if (index >= this.hashes.length) {
      const hashes = new Uint32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const keys = new Uint32Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    const hash = this.hash(key);
    this.keys.set(key.subarray(0, this.keyWords), index * this.keyWords);
    this.hashes[index] = hash;
    this.place(index, hash);
    return index;
  }

  private place(index: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let slot = 0; slot < old.length; slot++) {
      const entry = old[slot];
      if (entry !== 0) this.place(entry - 1, this.hashes[entry - 1]);
    }
  }

  private equals(index: number, key: Uint32Array): boolean {
    const base = index * this.keyWords;
    for (let word = 0; word < this.keyWords; word++) if (this.keys[base + word] !== key[word]) return false;
    return true;
  }

  /** FNV-1a over words with a final avalanche (murmur3 fmix32), so sequential ports spread. */
  private hash(key: Uint32Array): number {
    let hash = 0x811c9dc5;
    for (let word = 0; word < this.keyWords; word++) hash = Math.imul(hash ^ key[word], 0x01000193);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
    return hash >>> 0;
  }
}
