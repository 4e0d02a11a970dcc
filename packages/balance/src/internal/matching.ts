/**
 * An optimal one-to-one matching of rows to columns in a square weight matrix, largest total weight
 * (the Hungarian method, O(n³)). Deterministic: ties go the way the scan order meets them first.
 * Returns the column matched to each row.
 */
export function maxWeightAssignment(weight: ArrayLike<number>[]): Int32Array {
  const n = weight.length;
  let top = 0;
  for (const row of weight) for (let j = 0; j < n; j++) top = Math.max(top, row[j]);
  const cost = (i: number, j: number) => top - weight[i - 1][j - 1];
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const match = new Int32Array(n + 1); // column → row
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = match[j0];
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[match[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const columnOf = new Int32Array(n);
  for (let j = 1; j <= n; j++) columnOf[match[j] - 1] = j - 1;
  return columnOf;
}
