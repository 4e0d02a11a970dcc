/** A growable Int32 buffer for builds: push, read `data[0..length)`, and copy out the used part. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(4, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(Math.max(16, Math.ceil(this.data.length * 1.5)));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** A list over `values` as they are (no copy; the first push past their end copies them). */
  static wrap(values: Int32Array): IntList {
    const list = new IntList(0);
    list.data = values;
    list.length = values.length;
    return list;
  }

  /** The values pushed: a view when little room is left over, else a copy of exactly that length. */
  trimmed(): Int32Array {
    return this.length >= 0.8 * this.data.length ? this.data.subarray(0, this.length) : this.toArray();
  }

  /** The values pushed, as a new array of exactly that length. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
