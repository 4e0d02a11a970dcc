/**
 * Open-addressing hash tables over typed arrays: exact coordinates to vertex ids, and vertex-id pairs to
 * edge slots. They are the topological fast path: shared edges are found by identity, not by geometry.
 * The one `VertexTable` and the one `EdgeTable` of wangge (coverage, partition, dissolve, the overlay).
 */

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function hashDouble(x: number, h: number): number {
  bits[0] = x === 0 ? 0 : x; // -0 and 0 are the same coordinate
  h = Math.imul(h ^ words[0], 0x85ebca6b);
  h = Math.imul(h ^ words[1], 0xc2b2ae35);
  return h ^ (h >>> 15);
}

/**
 * Exact `[x, y]` positions to dense vertex ids, in first-seen order. Keys are the coordinates' bits
 * (`-0` and `0` are one coordinate), so two positions get one id exactly when they are equal.
 */
export class VertexTable {
  /** Interleaved x, y of each vertex id. */
  xy: Float64Array;
  size = 0;
  private slots: Int32Array;
  private mask: number;

  /** @param expected number of vertices to size the table for (it grows as needed). */
  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.xy = new Float64Array(Math.max(8, expected * 2));
  }

  /** The id of `(x, y)`, or -1 when it is not in the table. */
  find(x: number, y: number): number {
    let s = hashDouble(y, hashDouble(x, 0x9e3779b9)) & this.mask;
    for (;;) {
      const id = this.slots[s];
      if (id < 0) return -1;
      if (this.xy[2 * id] === x && this.xy[2 * id + 1] === y) return id;
      s = (s + 1) & this.mask;
    }
  }

  /** The id of `(x, y)`, adding it when new. */
  idOf(x: number, y: number): number {
    if (this.size * 2 >= this.slots.length) this.grow();
    let s = hashDouble(y, hashDouble(x, 0x9e3779b9)) & this.mask;
    for (;;) {
      const id = this.slots[s];
      if (id < 0) break;
      if (this.xy[2 * id] === x && this.xy[2 * id + 1] === y) return id;
      s = (s + 1) & this.mask;
    }
    const id = this.size++;
    if (2 * id + 1 >= this.xy.length) {
      const next = new Float64Array(this.xy.length * 2);
      next.set(this.xy);
      this.xy = next;
    }
    this.xy[2 * id] = x;
    this.xy[2 * id + 1] = y;
    this.slots[s] = id;
    return id;
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let id = 0; id < this.size; id++) {
      let s = hashDouble(this.xy[2 * id + 1], hashDouble(this.xy[2 * id], 0x9e3779b9)) & this.mask;
      while (this.slots[s] >= 0) s = (s + 1) & this.mask;
      this.slots[s] = id;
    }
  }
}

/**
 * Undirected edges `{a, b}` of vertex ids with how often each direction occurs and the first owner (grid,
 * face, tile) seen in each direction: an edge used once each way is interior to the union and cancels
 * (see `residualEdges`). `ownerOf(a, b)` answers "who uses the directed edge `a → b`", which gives face
 * adjacency.
 */
export class EdgeTable {
  size = 0;
  /** Lower and higher vertex id of each edge slot. */
  lo: Int32Array;
  hi: Int32Array;
  /** Occurrences as lo→hi and as hi→lo. */
  up: Int32Array;
  down: Int32Array;
  /** First grid seen using the edge as lo→hi, and as hi→lo (-1 when none). */
  upOwner: Int32Array;
  downOwner: Int32Array;
  private slots: Int32Array;
  private mask: number;

  /** @param expected number of edges to size the table for (it grows as needed). */
  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    const n = Math.max(8, expected);
    this.lo = new Int32Array(n);
    this.hi = new Int32Array(n);
    this.up = new Int32Array(n);
    this.down = new Int32Array(n);
    this.upOwner = new Int32Array(n);
    this.downOwner = new Int32Array(n);
  }

  /** The slot of the undirected edge `{a, b}`, or -1 when it was never added. */
  find(a: number, b: number): number {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let s = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & this.mask;
    for (;;) {
      const id = this.slots[s];
      if (id < 0) return -1;
      if (this.lo[id] === lo && this.hi[id] === hi) return id;
      s = (s + 1) & this.mask;
    }
  }

  /** The first owner recorded for the directed edge `a → b` that still uses it, or -1. */
  ownerOf(a: number, b: number): number {
    const e = this.find(a, b);
    if (e < 0) return -1;
    return a < b ? (this.up[e] > 0 ? this.upOwner[e] : -1) : this.down[e] > 0 ? this.downOwner[e] : -1;
  }

  /** Records the directed edge `a → b` of `owner`; returns its slot. */
  add(a: number, b: number, owner: number): number {
    if (this.size * 2 >= this.slots.length) this.grow();
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let s = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & this.mask;
    let e = -1;
    for (;;) {
      const id = this.slots[s];
      if (id < 0) break;
      if (this.lo[id] === lo && this.hi[id] === hi) {
        e = id;
        break;
      }
      s = (s + 1) & this.mask;
    }
    if (e < 0) {
      e = this.size++;
      if (e >= this.lo.length) this.growArrays();
      this.lo[e] = lo;
      this.hi[e] = hi;
      this.up[e] = 0;
      this.down[e] = 0;
      this.upOwner[e] = -1;
      this.downOwner[e] = -1;
      this.slots[s] = e;
    }
    if (a === lo) {
      if (this.up[e]++ === 0) this.upOwner[e] = owner;
    } else if (this.down[e]++ === 0) this.downOwner[e] = owner;
    return e;
  }

  /** Takes back one directed edge `a → b` added before (its grid's count drops; the slot stays). */
  remove(a: number, b: number): void {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let s = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & this.mask;
    for (;;) {
      const e = this.slots[s];
      if (e < 0) return;
      if (this.lo[e] === lo && this.hi[e] === hi) {
        if (a === lo) {
          if (--this.up[e] === 0) this.upOwner[e] = -1;
        } else if (--this.down[e] === 0) this.downOwner[e] = -1;
        return;
      }
      s = (s + 1) & this.mask;
    }
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let e = 0; e < this.size; e++) {
      let s = (Math.imul(this.lo[e], 0x9e3779b1) ^ Math.imul(this.hi[e], 0x85ebca6b)) & this.mask;
      while (this.slots[s] >= 0) s = (s + 1) & this.mask;
      this.slots[s] = e;
    }
  }

  private growArrays(): void {
    const n = this.lo.length * 2;
    const grow = (a: Int32Array) => {
      const next = new Int32Array(n);
      next.set(a);
      return next;
    };
    this.lo = grow(this.lo);
    this.hi = grow(this.hi);
    this.up = grow(this.up);
    this.down = grow(this.down);
    this.upOwner = grow(this.upOwner);
    this.downOwner = grow(this.downOwner);
  }
}
