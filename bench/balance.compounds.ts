/**
 * The realistic balancing case of issue 17: compounds (小区) as Voronoi cells over a real city outline
 * from `@wangge/corpus` (the cells whose site lies inside it, so the district follows cell edges), with
 * heavy-tailed household counts (a few compounds above the grid maximum) and household points spread
 * over each compound; then 20% growth in the quarter of the district nearest one corner.
 */
import {
  measureUnits,
  type SplitFinding,
  splitHeavyUnits,
  type UnitMeasures,
  type WorkloadModel,
} from '@wangge/balance';
import {
  type GridFeature,
  type GridGeometry,
  GridPlan,
  letterCodes,
  localProjection,
  normalizeGeometry,
  type PointTable,
  pointTable,
  type Range,
} from '@wangge/core';
import { loadChinaCities } from '@wangge/corpus';
import { createRandom } from '@wangge/example-city';
import { dissolve } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import { type BalancedPartitionResult, balancedPartition } from '@wangge/partition';
import Delaunator from 'delaunator';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** A compound: its polygon and id. */
export type Compound = Feature<Polygon, { id: number }>;

/** The case: the district outline, its compounds and their households. */
export interface CompoundCase {
  /** Name and code of the corpus city whose outline the district follows. */
  city: string;
  district: GridGeometry;
  compounds: Compound[];
  households: PointTable;
  /** Households of each compound. */
  perCompound: Int32Array;
}

/** Voronoi compounds over a real outline, about `compounds` of them, `households` in all. */
export function compoundCase(options: {
  city: string;
  compounds: number;
  households: number;
  seed: number;
}): CompoundCase {
  const random = createRandom(options.seed);
  const feature = loadChinaCities().features.find((f) => f.properties.name === options.city);
  if (feature === undefined) throw new Error(`no city ${options.city} in the corpus`);
  const outline = normalizeGeometry(feature.geometry as never);
  const index = PolygonIndex.from([{ type: 'Feature', properties: {}, geometry: outline }]);
  const box = bboxOf(outline);
  const projection = localProjection(box);
  const [x0, y0] = projection.forward([box[0], box[1]]);
  const [x1, y1] = projection.forward([box[2], box[3]]);
  // Jittered sites over the box, as many as make about `compounds` inside the outline.
  const inside = (x: number, y: number) =>
    index.locate(...(projection.inverse([x, y]) as [number, number])) >= 0;
  let hits = 0;
  for (let i = 0; i < 2000; i++)
    if (inside(x0 + random.next() * (x1 - x0), y0 + random.next() * (y1 - y0))) hits++;
  const total = Math.round((options.compounds * 2000) / Math.max(1, hits));
  const spacing = Math.sqrt(((x1 - x0) * (y1 - y0)) / total);
  const sites: number[] = [];
  for (let y = y0 - spacing; y <= y1 + spacing; y += spacing) {
    for (let x = x0 - spacing; x <= x1 + spacing; x += spacing) {
      sites.push(x + random.range(-0.4, 0.4) * spacing, y + random.range(-0.4, 0.4) * spacing);
    }
  }
  const delaunay = new Delaunator(sites);
  const { triangles, halfedges } = delaunay;
  const centre = new Map<number, Position>();
  const circumcentre = (t: number): Position => {
    let p = centre.get(t);
    if (p === undefined) {
      const [a, b, c] = [triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2]];
      const [ax, ay, bx, by, cx, cy] = [
        sites[2 * a],
        sites[2 * a + 1],
        sites[2 * b],
        sites[2 * b + 1],
        sites[2 * c],
        sites[2 * c + 1],
      ];
      const d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
      const ux =
        ((ax * ax + ay * ay) * (by - cy) +
          (bx * bx + by * by) * (cy - ay) +
          (cx * cx + cy * cy) * (ay - by)) /
        d;
      const uy =
        ((ax * ax + ay * ay) * (cx - bx) +
          (bx * bx + by * by) * (ax - cx) +
          (cx * cx + cy * cy) * (bx - ax)) /
        d;
      p = projection.inverse([ux, uy]);
      centre.set(t, p);
    }
    return p;
  };
  const incoming = new Int32Array(sites.length / 2).fill(-1);
  for (let e = 0; e < triangles.length; e++) {
    const p = triangles[e % 3 === 2 ? e - 2 : e + 1];
    if (incoming[p] === -1 || halfedges[e] === -1) incoming[p] = e;
  }
  const compounds: Compound[] = [];
  for (let s = 0; s < sites.length / 2; s++) {
    if (!inside(sites[2 * s], sites[2 * s + 1]) || incoming[s] < 0) continue;
    const ring: Position[] = [];
    let e = incoming[s];
    let bounded = true;
    do {
      ring.push(circumcentre(Math.floor(e / 3)));
      const outgoing = e % 3 === 2 ? e - 2 : e + 1;
      e = halfedges[outgoing];
      if (e === -1) bounded = false;
    } while (bounded && e !== incoming[s]);
    if (!bounded) continue;
    ring.push(ring[0]);
    compounds.push({
      type: 'Feature',
      properties: { id: compounds.length },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
  // Heavy-tailed sizes (log-normal, σ = 0.8), scaled to the total.
  const raw = compounds.map(() => Math.exp(0.8 * random.normal()));
  const sum = raw.reduce((a, b) => a + b, 0);
  const perCompound = Int32Array.from(raw, (r) => Math.max(1, Math.round((r / sum) * options.households)));
  const cells = PolygonIndex.from(compounds);
  const xy: number[] = [];
  compounds.forEach((c, i) => {
    const [bx0, by0, bx1, by1] = bboxOf(c.geometry);
    for (let k = 0; k < perCompound[i]; ) {
      const x = bx0 + random.next() * (bx1 - bx0);
      const y = by0 + random.next() * (by1 - by0);
      if (cells.locate(x, y) !== i) continue;
      xy.push(x, y);
      k++;
    }
  });
  return {
    city: `${feature.properties.name} (${feature.properties.code})`,
    district: dissolve(compounds.map((c) => c.geometry)),
    compounds,
    households: pointTable(Float64Array.from(xy)),
    perCompound,
  };
}

/**
 * Growth in one part: the compounds nearest the north-east corner holding a quarter of the households
 * each gain `share` more (a copy of every 1 / share-th household), so that part grows by `share`.
 */
export function growCorner(c: CompoundCase, share: number): PointTable {
  const first = c.compounds.map((g) => g.geometry.coordinates[0][0]);
  const corner = first.reduce((best, p, i) => (p[0] + p[1] > first[best][0] + first[best][1] ? i : best), 0);
  const distance = (i: number) => Math.hypot(first[i][0] - first[corner][0], first[i][1] - first[corner][1]);
  const order = first.map((_, i) => i).sort((a, b) => distance(a) - distance(b) || a - b);
  const chosen = new Set<number>();
  let covered = 0;
  for (const i of order) {
    if (covered >= c.households.length / 4) break;
    chosen.add(i);
    covered += c.perCompound[i];
  }
  const every = Math.round(1 / share);
  const extra: number[] = [];
  let row = 0;
  c.compounds.forEach((_, i) => {
    for (let k = 0; k < c.perCompound[i]; k++, row++) {
      if (chosen.has(i) && k % every === 0)
        extra.push(c.households.xy[2 * row], c.households.xy[2 * row + 1]);
    }
  });
  const xy = new Float64Array(c.households.xy.length + extra.length);
  xy.set(c.households.xy);
  xy.set(extra, c.households.xy.length);
  return pointTable(xy);
}

function bboxOf(g: GridGeometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polygons) {
    for (const [x, y] of poly[0]) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

/**
 * Point mode over communities: each community's households (placed by `PolygonIndex`) partitioned by
 * `balancedPartition` into grids of `range`, with letter codes. `ms` is the wall time of the partitions
 * (the placing excluded), as both balance benches report it.
 */
export function pointModePartitions(
  communities: readonly GridFeature[],
  households: PointTable,
  range: Range,
): { results: BalancedPartitionResult[]; ms: number } {
  const where = PolygonIndex.from(communities).locateMany(households.xy as Float64Array);
  const start = performance.now();
  const results = communities.map((community, k) => {
    const xy: number[] = [];
    for (let e = 0; e < where.length; e++)
      if (where[e] === k) xy.push(households.xy[2 * e], households.xy[2 * e + 1]);
    return balancedPartition(community, {
      households: Float64Array.from(xy),
      range,
      codeStyle: letterCodes(),
    });
  });
  return { results, ms: performance.now() - start };
}

/**
 * The case's compounds measured and grouped: 24 communities by `balancedPartition` on the compounds (the
 * level above the grids, codes `S1` … under the district `S`), each compound naming its `community`, and
 * the plan of district and communities.
 */
export function caseCommunities(
  c: CompoundCase,
  model: WorkloadModel,
): { district: GridFeature; communities: GridFeature[]; units: CaseUnit[]; plan: GridPlan } {
  const district: GridFeature = {
    type: 'Feature',
    properties: { code: 'S', parent: null, level: 1 },
    geometry: c.district,
  };
  const measured = measureUnits(c.compounds, { households: c.households }, model);
  const comm = balancedPartition(district, { units: measured, count: 24, codeStyle: letterCodes() });
  const communities = comm.grids.features.map(
    (g): GridFeature => ({ ...g, properties: { code: g.properties.code, parent: 'S', level: 2 } }),
  );
  const units = measured.map((u, i) => ({
    ...u,
    properties: { ...u.properties, community: communities[comm.gridOf[i]].properties.code },
  }));
  const plan = GridPlan.from([district, ...communities], { codeStyle: letterCodes() });
  return { district, communities, units, plan };
}

/** A unit of the case: a compound or a part of one, measured, in its community. */
export type CaseUnit = Feature<Polygon | MultiPolygon, { id: number; community: string } & UnitMeasures>;

/**
 * Unit mode over communities: each community's units (by their `community`) partitioned by
 * `balancedPartition` into grids of `range`, with letter codes; `members[k]` holds the indices of
 * community k's units (result k's unit i is `units[members[k][i]]`).
 */
export function unitModePartitions(
  communities: readonly GridFeature[],
  units: readonly CaseUnit[],
  range: Range,
): { results: BalancedPartitionResult[]; members: number[][]; ms: number } {
  const members = communities.map(() => [] as number[]);
  const k = new Map(communities.map((c, i) => [c.properties.code, i]));
  units.forEach((u, i) => {
    members[k.get(u.properties.community)!].push(i);
  });
  const start = performance.now();
  const results = communities.map((community, c) =>
    balancedPartition(community, {
      units: members[c].map((i) => units[i]),
      unitLoad: (u) => (u.properties as { load: number }).load,
      range,
      codeStyle: letterCodes(),
    }),
  );
  return { results, members, ms: performance.now() - start };
}

/** What {@link splitCompounds} made. */
export interface CompoundSplit {
  units: CaseUnit[];
  /** The plan (district and communities) with every cut vertex inserted. */
  plan: GridPlan;
  /** Every call's findings, in order. */
  findings: SplitFinding[];
  /** Units cut for stranded units in each round. */
  strandCuts: number[];
  /** Compounds in several parts, and the parts they are in. */
  compounds: number;
  parts: number;
  /** Wall time of the splits and of the rounds' partitions. */
  ms: number;
}

/**
 * The splits of issue 17's realistic case. Compounds above `range.max` are split by `splitHeavyUnits`
 * (with `minAware`, given `range.min` too: a compound between max and 2·min becomes a part mid-range and
 * the rest, not two halves below min). Then, up to `rounds` times: every community is partitioned
 * ({@link unitModePartitions}) and the neighbour of each `unit-stranded` unit is cut for it
 * (`splitHeavyUnits`' `stranded`, within its community); a round that cuts nothing ends it.
 */
export function splitCompounds(
  units: readonly CaseUnit[],
  entities: { households: PointTable },
  model: WorkloadModel,
  plan: GridPlan,
  range: Range,
  options: { minAware?: boolean; rounds?: number } = {},
): CompoundSplit {
  const start = performance.now();
  const min = options.minAware ? range.min : undefined;
  let split = splitHeavyUnits(units, entities, model, { max: range.max, min, plan });
  const findings = [...split.findings];
  const strandCuts: number[] = [];
  const codes = [...new Set(units.map((u) => u.properties.community))].sort();
  for (let round = 0; round < (options.rounds ?? 0); round++) {
    const communities = codes.map((code) => split.plan!.get(code)!);
    const parted = unitModePartitions(communities, split.units, range);
    const stranded = parted.results.flatMap((r, c) =>
      r.findings.flatMap((f) => (f.kind === 'unit-stranded' ? [parted.members[c][f.input!]] : [])),
    );
    if (stranded.length === 0) break;
    split = splitHeavyUnits(split.units, entities, model, {
      max: range.max,
      min: range.min,
      stranded,
      groupBy: 'community',
      plan: split.plan,
    });
    findings.push(...split.findings);
    const cuts = split.findings.filter((f) => f.stranded !== undefined).length;
    strandCuts.push(cuts);
    if (cuts === 0) break;
  }
  const partsOf = new Map<number, number>();
  for (const u of split.units) partsOf.set(u.properties.id, (partsOf.get(u.properties.id) ?? 0) + 1);
  const several = [...partsOf.values()].filter((n) => n > 1);
  return {
    units: split.units,
    plan: split.plan!,
    findings,
    strandCuts,
    compounds: several.length,
    parts: several.reduce((a, b) => a + b, 0),
    ms: performance.now() - start,
  };
}
