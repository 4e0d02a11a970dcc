import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../src/internal';

describe('MinHeap', () => {
  it('pops in the order of a sort on (key, id), so equal keys come out by smaller id', () => {
    const entries = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(1000)), { maxLength: 60 });
    fc.assert(
      fc.property(entries, (pairs) => {
        const heap = new MinHeap();
        for (const [key, id] of pairs) heap.push(key, id);
        expect(heap.size).toBe(pairs.length);
        const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        for (const [key, id] of sorted) {
          expect([heap.peekKey(), heap.peek()]).toEqual([key, id]);
          expect(heap.pop()).toBe(id);
        }
        expect([heap.size, heap.pop(), heap.peek(), heap.peekKey()]).toEqual([
          0,
          -1,
          -1,
          Number.POSITIVE_INFINITY,
        ]);
      }),
    );
  });
});
