/** A binary min-heap of `(key, id)` pairs; equal keys pop by smaller id, so runs are deterministic. */
export class MinHeap {
  private keys: number[] = [];
  private ids: number[] = [];

  /** Number of entries. */
  get size(): number {
    return this.ids.length;
  }

  /** Adds an entry. */
  push(key: number, id: number): void {
    this.keys.push(key);
    this.ids.push(id);
    let i = this.ids.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Id of the smallest entry, without removing it; -1 when empty. */
  peek(): number {
    return this.ids.length > 0 ? this.ids[0] : -1;
  }

  /** Key of the smallest entry; `Infinity` when empty. */
  peekKey(): number {
    return this.keys.length > 0 ? this.keys[0] : Number.POSITIVE_INFINITY;
  }

  /** Removes the smallest entry and returns its id; -1 when empty. */
  pop(): number {
    if (this.ids.length === 0) return -1;
    const top = this.ids[0];
    const lastKey = this.keys.pop()!;
    const lastId = this.ids.pop()!;
    if (this.ids.length > 0) {
      this.keys[0] = lastKey;
      this.ids[0] = lastId;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.ids.length && this.less(l, m)) m = l;
        if (r < this.ids.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.ids[a] < this.ids[b]);
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
  }
}
