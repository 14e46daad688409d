/**
 * A set of endpoint indexes as a bitset: unions are word-wise ORs and iteration yields ascending
 * indexes, which keeps reach's pairs sorted without a sort.
 */
export class IdSet {
  private readonly words: Uint32Array;

  constructor(readonly capacity: number) {
    this.words = new Uint32Array((capacity + 31) >>> 5);
  }

  add(id: number): void {
    this.words[id >>> 5] |= 1 << (id & 31);
  }

  has(id: number): boolean {
    return (this.words[id >>> 5] & (1 << (id & 31))) !== 0;
  }

  addAll(other: IdSet): void {
    for (let i = 0; i < this.words.length; i++) this.words[i] |= other.words[i];
  }

  forEach(visit: (id: number) => void): void {
    for (let i = 0; i < this.words.length; i++) {
      let word = this.words[i];
      while (word !== 0) {
        const lowest = word & -word;
        visit(i * 32 + 31 - Math.clz32(lowest));
        word ^= lowest;
      }
    }
  }

  toArray(): number[] {
    const ids: number[] = [];
    this.forEach((id) => ids.push(id));
    return ids;
  }
}
