import type { Mesh } from './mesh';
import type { Random } from './random';
import type { LandUse } from './types';

/** Land use of each cell: one park in ten, commercial in fifteen of a hundred, residential otherwise. */
export function chooseLandUse(cells: Iterable<number>, random: Random): Map<number, LandUse> {
  const landUse = new Map<number, LandUse>();
  for (const c of cells) {
    const r = random.next();
    landUse.set(c, r < 0.1 ? 'park' : r < 0.25 ? 'commercial' : 'residential');
  }
  return landUse;
}

/** Households per cell: dense hot spots over a patchy base, summing exactly to `total` (largest remainder). */
export function allocateHouseholds(
  mesh: Mesh,
  cells: Set<number>,
  landUse: Map<number, LandUse>,
  total: number,
  radius: number,
  random: Random,
): Map<number, number> {
  const spots = Array.from({ length: 4 }, () => {
    const angle = random.range(0, 2 * Math.PI);
    const distance = random.range(0, 0.8 * radius);
    return [
      distance * Math.cos(angle),
      distance * Math.sin(angle),
      random.range(0.12, 0.3) * radius,
      random.range(1.5, 4),
    ];
  });
  const weights = new Map<number, number>();
  let sum = 0;
  for (const c of cells) {
    const x = mesh.sites[2 * c];
    const y = mesh.sites[2 * c + 1];
    let heat = 1;
    for (const [sx, sy, sr, peak] of spots)
      heat += peak * Math.exp(-((x - sx) ** 2 + (y - sy) ** 2) / (2 * sr * sr));
    const use = landUse.get(c);
    const w = use === 'park' ? 0 : (use === 'commercial' ? 0.15 : 1) * heat * Math.exp(0.5 * random.normal());
    weights.set(c, w);
    sum += w;
  }
  const counts = new Map<number, number>();
  const remainders: Array<[number, number]> = [];
  let assigned = 0;
  for (const [c, w] of weights) {
    const exact = (w / sum) * total;
    counts.set(c, Math.floor(exact));
    assigned += Math.floor(exact);
    remainders.push([exact - Math.floor(exact), c]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; i < total - assigned; i++) counts.set(remainders[i][1], counts.get(remainders[i][1])! + 1);
  return counts;
}
