/**
 * Winding labels of an arrangement's faces: spread from the unbounded face (winding 0 for every input)
 * across every half-edge, `w(right) = w(left) − step`.
 */
import type { Arrangement } from './arrangement';

/**
 * Spreads winding labels from the unbounded face across every half-edge (breadth first). Labels are
 * written into one pool of `(input, winding)` pairs as faces are reached, then laid out by face.
 */
export function labelFaces(arr: Arrangement): void {
  const { faceCount, faceCycleStart, cycleEdge, next, faceOf, stepStart, stepInput, stepValue } = arr;
  const at = new Int32Array(faceCount).fill(-1);
  const length = new Int32Array(faceCount);
  let pool = new Int32Array(64);
  let used = 0;
  at[0] = 0;
  const queue = new Int32Array(faceCount);
  let tail = 1;
  for (let q = 0; q < tail; q++) {
    const f = queue[q];
    for (let c = faceCycleStart[f]; c < faceCycleStart[f + 1]; c++) {
      const first = cycleEdge[c];
      let h = first;
      do {
        const g = faceOf[h ^ 1];
        if (at[g] < 0) {
          // w(right) = w(left) − step of h.
          const k = h >> 1;
          const room = used + 2 * (length[f] + stepStart[k + 1] - stepStart[k]);
          if (room > pool.length) {
            const grown = new Int32Array(Math.max(2 * pool.length, room));
            grown.set(pool.subarray(0, used));
            pool = grown;
          }
          at[g] = used;
          length[g] = combine(
            pool,
            at[f],
            length[f],
            stepInput,
            stepValue,
            stepStart[k],
            stepStart[k + 1],
            h & 1 ? 1 : -1,
            used,
          );
          used += 2 * length[g];
          queue[tail++] = g;
        }
        h = next[h];
      } while (h !== first);
    }
  }
  const labelStart = new Int32Array(faceCount + 1);
  for (let f = 0; f < faceCount; f++) labelStart[f + 1] = labelStart[f] + length[f];
  const labelInput = new Int32Array(labelStart[faceCount]);
  const labelValue = new Int32Array(labelStart[faceCount]);
  for (let f = 0; f < faceCount; f++) {
    for (let i = 0; i < length[f]; i++) {
      labelInput[labelStart[f] + i] = pool[at[f] + 2 * i];
      labelValue[labelStart[f] + i] = pool[at[f] + 2 * i + 1];
    }
  }
  arr.labelStart = labelStart;
  arr.labelInput = labelInput;
  arr.labelValue = labelValue;
}

/**
 * `label + sign · steps`, both sorted by input, zero windings dropped: the label is the `count` pairs of
 * `pool` from `from`, the result is written to `pool` from `out` (past the label); returns its pairs.
 */
function combine(
  pool: Int32Array,
  from: number,
  count: number,
  inputs: Int32Array,
  values: Int32Array,
  first: number,
  last: number,
  sign: number,
  out: number,
): number {
  let i = from;
  const end = from + 2 * count;
  let k = first;
  let o = out;
  while (i < end || k < last) {
    if (k >= last || (i < end && pool[i] < inputs[k])) {
      pool[o++] = pool[i];
      pool[o++] = pool[i + 1];
      i += 2;
    } else if (i >= end || inputs[k] < pool[i]) {
      pool[o++] = inputs[k];
      pool[o++] = sign * values[k];
      k++;
    } else {
      const w = pool[i + 1] + sign * values[k];
      if (w !== 0) {
        pool[o++] = pool[i];
        pool[o++] = w;
      }
      i += 2;
      k++;
    }
  }
  return (o - out) / 2;
}
