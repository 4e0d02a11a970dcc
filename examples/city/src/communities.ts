import { formatCode, letterCodes } from '@wangge/core';
import { MinHeap } from '@wangge/core/internal';
import { connectedComponents, type Mesh, nearestCell } from './mesh';
import type { Random } from './random';
import type { CityOptions } from './types';

/** Code of the generated street: township 330106001 of 西湖区, Hangzhou. */
export const DISTRICT_CODE = '330106001000';

/**
 * Communities grown from far-apart seeds over cell adjacency, the lightest community claiming next,
 * so they stay contiguous and carry comparable households. The exclave joins the community nearest to it.
 */
export function growCommunities(
  mesh: Mesh,
  cells: Set<number>,
  households: Map<number, number>,
  count: number,
  random: Random,
): Map<number, number> {
  const [main, ...rest] = connectedComponents(mesh, cells).sort((a, b) => b.length - a.length || a[0] - b[0]);
  const site = (c: number) => [mesh.sites[2 * c], mesh.sites[2 * c + 1]];
  const seeds = [main[random.int(main.length)]];
  const minDistance = main.map((c) =>
    Math.hypot(site(c)[0] - site(seeds[0])[0], site(c)[1] - site(seeds[0])[1]),
  );
  while (seeds.length < count) {
    let far = 0;
    for (let i = 1; i < main.length; i++) if (minDistance[i] > minDistance[far]) far = i;
    seeds.push(main[far]);
    main.forEach((c, i) => {
      minDistance[i] = Math.min(
        minDistance[i],
        Math.hypot(site(c)[0] - site(main[far])[0], site(c)[1] - site(main[far])[1]),
      );
    });
  }
  const owner = new Map<number, number>();
  const load = seeds.map((s) => households.get(s)!);
  const frontier = seeds.map(() => new MinHeap());
  const open = (k: number, c: number) => {
    for (const n of mesh.neighbours[c]) {
      if (cells.has(n) && !owner.has(n))
        frontier[k].push(Math.hypot(site(n)[0] - site(seeds[k])[0], site(n)[1] - site(seeds[k])[1]), n);
    }
  };
  for (const [k, s] of seeds.entries()) owner.set(s, k);
  for (const [k, s] of seeds.entries()) open(k, s);
  const mainSet = new Set(main);
  for (let claimed = seeds.length; claimed < main.length; ) {
    let pick = -1;
    for (let k = 0; k < seeds.length; k++) {
      while (frontier[k].size > 0 && owner.has(frontier[k].peek())) frontier[k].pop();
      if (frontier[k].size > 0 && (pick < 0 || load[k] < load[pick])) pick = k;
    }
    const c = frontier[pick].pop();
    if (!mainSet.has(c)) continue;
    owner.set(c, pick);
    load[pick] += households.get(c)!;
    claimed++;
    open(pick, c);
  }
  for (const island of rest) {
    const [x, y] = site(island[0]);
    const k = owner.get(nearestCell(mesh, main, x, y))!;
    for (const c of island) owner.set(c, k);
  }
  return owner;
}

/** Codes in reading order: communities sorted by the centroid of their cells, north to south, then west to east. */
export function codeCommunities(
  mesh: Mesh,
  communityOf: Map<number, number>,
  opts: Required<CityOptions>,
): string[] {
  const count = opts.communities;
  const sx = new Float64Array(count);
  const sy = new Float64Array(count);
  const n = new Float64Array(count);
  for (const [c, k] of communityOf) {
    sx[k] += mesh.sites[2 * c];
    sy[k] += mesh.sites[2 * c + 1];
    n[k]++;
  }
  const order = Array.from({ length: count }, (_, k) => k).sort(
    (a, b) => sy[b] / n[b] - sy[a] / n[a] || sx[a] / n[a] - sx[b] / n[b],
  );
  const codes: string[] = new Array(count);
  // Communities are villages of the street's township code (330106001 → 330106001001), or letters.
  const township = DISTRICT_CODE.slice(0, 9);
  order.forEach((k, rank) => {
    codes[k] =
      opts.codeStyle === 'letter'
        ? formatCode({ root: '', path: [rank + 1] }, letterCodes())
        : `${township}${String(rank + 1).padStart(3, '0')}`;
  });
  return codes;
}
