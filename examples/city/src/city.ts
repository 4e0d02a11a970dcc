import {
  ErrorCode,
  formatCode,
  type GridFeature,
  letterCodes,
  localProjection,
  WanggeError,
} from '@wangge/core';
import { MinHeap } from '@wangge/core/internal';
import type { Feature, LineString, Point, Polygon, Position } from 'geojson';
import { type HouseholdTable, KeyGroup } from './households';
import { createMesh, type Mesh } from './mesh';
import { createRandom, type Random } from './random';
import { unionOfCells } from './union';

/** Options of {@link generateCity}. */
export interface CityOptions {
  /** Seed of every random choice. @default 1 */
  seed?: number;
  /** Households in the district, 1,000 to 1,000,000. @default 20000 */
  households?: number;
  /** Communities (社区) tiling the district, 5 to 20. @default households / 2500, clamped to 5..20 */
  communities?: number;
  /** Centre of the district, `[lon, lat]`. @default [120.13, 30.27] */
  center?: [number, number];
  /** Code style of the communities. @default 'letter' */
  codeStyle?: 'letter' | 'numeric';
}

/** Land use of a compound. */
export type LandUse = 'residential' | 'commercial' | 'park';

/** Properties of a compound (小区/街坊): the atomic unit of the district, one mesh cell. */
export interface CompoundProperties {
  id: number;
  /** Code of the community it lies in. */
  community: string;
  landUse: LandUse;
  households: number;
  buildings: number;
}

/** Properties of a building (楼栋). */
export interface BuildingProperties {
  id: number;
  compound: number;
  households: number;
  storeys: number;
}

/** Properties of a shop or key unit point. */
export interface PoiProperties {
  id: number;
  kind: string;
  compound: number;
}

/** Properties of a main road. */
export interface RoadProperties {
  name: string;
  kind: 'main-road';
}

/** A generated district with everything a grid plan is made from and checked against. */
export interface ExampleCity {
  /** The options the city was generated with, defaults filled in. */
  options: Required<CityOptions>;
  /** The street (level 1): an irregular MultiPolygon with a lake hole and an exclave. */
  district: GridFeature;
  /** The communities (level 2), tiling the district exactly; ordered and coded north to south. */
  communities: GridFeature[];
  /** Compounds: the atomic units, tiling the district exactly. */
  compounds: Feature<Polygon, CompoundProperties>[];
  /** Buildings inside residential and commercial compounds, with household counts. */
  buildings: Feature<Polygon, BuildingProperties>[];
  /** Every household, inside its building. */
  households: HouseholdTable;
  /** Shops (商铺). */
  shops: Feature<Point, PoiProperties>[];
  /** Key units (重点单位): schools, hospitals, hazardous-goods stores, markets, sites. */
  keyUnits: Feature<Point, PoiProperties>[];
  /** Main roads along compound edges. */
  roads: Feature<LineString, RoadProperties>[];
}

const DISTRICT_CODE = '330106001000';
const DENSITY_PER_KM2 = 6000;
const ROAD_NAMES = ['文一路', '学院路', '天目山路', '古墩路'];
const KEY_UNIT_KINDS = ['school', 'hospital', 'hazardous-goods', 'market', 'construction-site'];

/**
 * Generates a realistic district, deterministically: the same options give the same bytes.
 * Everything is built from one Voronoi mesh in metres, so the district, communities and compounds
 * share their edges exactly, and every household lies inside a building inside a compound.
 */
export function generateCity(options: CityOptions = {}): ExampleCity {
  const opts = resolveOptions(options);
  const random = createRandom(opts.seed);
  const radius = Math.sqrt(((opts.households / DENSITY_PER_KM2) * 1e6) / Math.PI);
  const cellTarget = Math.min(40_000, Math.max(150, Math.round(opts.households / 40)));
  const mesh = createMesh(2.4 * radius, Math.sqrt((Math.PI * radius * radius) / cellTarget), random);
  const local = localProjection(opts.center);
  // Every coordinate on the kernel's 1e-9° grid (about 0.1 mm; `@wangge/geometry`'s snapCoordinate, not
  // imported because the kernel tests on this city), as boundary data with 9 decimals is: the grids
  // partition cuts from it then share the city's own coordinates bit for bit.
  const onGrid = (v: number) => Math.round(v * 1e9) / 1e9 || 0;
  const projection = {
    inverse: (p: Position): [number, number] => {
      const [lon, lat] = local.inverse(p);
      return [onGrid(lon), onGrid(lat)];
    },
  };
  const toLonLat = memoVertices(mesh, projection.inverse);

  const inDistrict = chooseDistrictCells(mesh, radius, random);
  const landUse = new Map<number, LandUse>();
  for (const c of inDistrict) {
    const r = random.next();
    landUse.set(c, r < 0.1 ? 'park' : r < 0.25 ? 'commercial' : 'residential');
  }
  const households = allocateHouseholds(mesh, inDistrict, landUse, opts.households, radius, random);
  const communityOf = growCommunities(mesh, inDistrict, households, opts.communities, random);
  const codes = codeCommunities(mesh, communityOf, opts);

  const outline = (cells: Iterable<number>) =>
    unionOfCells(mesh, cells).map((p) => p.map((r) => r.map(toLonLat)));
  const district: GridFeature = {
    type: 'Feature',
    properties: { code: DISTRICT_CODE, parent: null, level: 1, name: '西溪街道' },
    geometry: { type: 'MultiPolygon', coordinates: outline(inDistrict) },
  };
  const members = codes.map(() => [] as number[]);
  for (const c of inDistrict) members[communityOf.get(c)!].push(c);
  const communities = codes.map((code, k): GridFeature => {
    const polygons = outline(members[k]);
    return {
      type: 'Feature',
      properties: { code, parent: DISTRICT_CODE, level: 2, name: `${code}社区` },
      geometry:
        polygons.length === 1
          ? { type: 'Polygon', coordinates: polygons[0] }
          : { type: 'MultiPolygon', coordinates: polygons },
    };
  });
  const order = communities.map((_, k) => k).sort((a, b) => codes[a].localeCompare(codes[b]));

  const compounds: Feature<Polygon, CompoundProperties>[] = [];
  const buildings: Feature<Polygon, BuildingProperties>[] = [];
  const table = emptyTable(opts.households);
  const cursor = { row: 0 };
  const shops: Feature<Point, PoiProperties>[] = [];
  for (const c of inDistrict) {
    const firstBuilding = buildings.length;
    placeBuildings(
      mesh,
      c,
      households.get(c)!,
      landUse.get(c)!,
      random,
      projection.inverse,
      buildings,
      table,
      cursor,
    );
    placeShops(mesh, c, landUse.get(c)!, random, projection.inverse, shops);
    compounds.push({
      type: 'Feature',
      properties: {
        id: c,
        community: codes[communityOf.get(c)!],
        landUse: landUse.get(c)!,
        households: households.get(c)!,
        buildings: buildings.length - firstBuilding,
      },
      geometry: { type: 'Polygon', coordinates: [[...mesh.cells[c], mesh.cells[c][0]].map(toLonLat)] },
    });
  }
  const keyUnits = placeKeyUnits(mesh, [...inDistrict], opts.households, random, projection.inverse);
  const roads = traceRoads(mesh, inDistrict, radius, random, toLonLat);
  return {
    options: opts,
    district,
    communities: order.map((k) => communities[k]),
    compounds,
    buildings,
    households: table,
    shops,
    keyUnits,
    roads,
  };
}

function resolveOptions(options: CityOptions): Required<CityOptions> {
  const households = options.households ?? 20_000;
  if (!Number.isInteger(households) || households < 1000 || households > 1_000_000) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `households must be a whole number from 1,000 to 1,000,000, got ${households}`,
    );
  }
  const communities = options.communities ?? Math.min(20, Math.max(5, Math.round(households / 2500)));
  if (!Number.isInteger(communities) || communities < 5 || communities > 20) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `communities must be a whole number from 5 to 20, got ${communities}`,
    );
  }
  const codeStyle = options.codeStyle ?? 'letter';
  if (codeStyle !== 'letter' && codeStyle !== 'numeric') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `codeStyle must be 'letter' or 'numeric', got ${String(codeStyle)}`,
    );
  }
  return {
    seed: options.seed ?? 1,
    households,
    communities,
    center: options.center ?? [120.13, 30.27],
    codeStyle,
  };
}

/** Cells of the district: an irregular body minus a lake, plus one exclave (飞地) beyond a strip of other land. */
function chooseDistrictCells(mesh: Mesh, radius: number, random: Random): Set<number> {
  const phases = [random.range(0, 6.3), random.range(0, 6.3), random.range(0, 6.3)];
  const bodyRadius = (theta: number) =>
    radius *
    (1 +
      0.22 * Math.sin(3 * theta + phases[0]) +
      0.1 * Math.sin(5 * theta + phases[1]) +
      0.06 * Math.sin(8 * theta + phases[2]));
  const lakeAngle = random.range(0, 2 * Math.PI);
  const lake = [0.3 * radius * Math.cos(lakeAngle), 0.3 * radius * Math.sin(lakeAngle), 0.16 * radius];
  const exclaveAngle = random.range(0, 2 * Math.PI);
  const exclaveDistance = bodyRadius(exclaveAngle) + 0.55 * radius;
  const exclave = [
    exclaveDistance * Math.cos(exclaveAngle),
    exclaveDistance * Math.sin(exclaveAngle),
    0.2 * radius,
  ];
  const within = (x: number, y: number, [cx, cy, r]: number[]) => Math.hypot(x - cx, y - cy) <= r;
  const candidates = new Set<number>();
  mesh.cells.forEach((ring, c) => {
    if (ring.length === 0) return;
    const x = mesh.sites[2 * c];
    const y = mesh.sites[2 * c + 1];
    const inBody = Math.hypot(x, y) <= bodyRadius(Math.atan2(y, x)) && !within(x, y, lake);
    if (inBody || within(x, y, exclave)) candidates.add(c);
  });
  // Keep the main body and the exclave; drop stray islands the noisy outline may leave.
  const components = connectedComponents(mesh, candidates).sort((a, b) => b.length - a.length || a[0] - b[0]);
  const exclaveCell = nearestCell(mesh, candidates, exclave[0], exclave[1]);
  const exclaveComponent = components.find((comp) => comp.includes(exclaveCell));
  if (exclaveComponent === undefined || exclaveComponent === components[0]) {
    throw new Error('generator invariant: the exclave must be separate from the main body');
  }
  return new Set([...components[0], ...exclaveComponent].sort((a, b) => a - b));
}

function connectedComponents(mesh: Mesh, cells: Set<number>): number[][] {
  const seen = new Set<number>();
  const components: number[][] = [];
  for (const start of cells) {
    if (seen.has(start)) continue;
    const component = [start];
    seen.add(start);
    for (let i = 0; i < component.length; i++) {
      for (const n of mesh.neighbours[component[i]]) {
        if (cells.has(n) && !seen.has(n)) {
          seen.add(n);
          component.push(n);
        }
      }
    }
    components.push(component.sort((a, b) => a - b));
  }
  return components;
}

function nearestCell(mesh: Mesh, cells: Iterable<number>, x: number, y: number): number {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of cells) {
    const d = Math.hypot(mesh.sites[2 * c] - x, mesh.sites[2 * c + 1] - y);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Households per cell: dense hot spots over a patchy base, summing exactly to `total` (largest remainder). */
function allocateHouseholds(
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

/**
 * Communities grown from far-apart seeds over cell adjacency, the lightest community claiming next,
 * so they stay contiguous and carry comparable households. The exclave joins the community nearest to it.
 */
function growCommunities(
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
function codeCommunities(
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

function memoVertices(mesh: Mesh, inverse: (p: Position) => [number, number]): (v: number) => Position {
  const cache = new Map<number, Position>();
  return (v) => {
    let p = cache.get(v);
    if (p === undefined) {
      p = inverse([mesh.vertices[2 * v], mesh.vertices[2 * v + 1]]);
      cache.set(v, p);
    }
    return p;
  };
}

function emptyTable(length: number): HouseholdTable {
  return {
    length,
    xy: new Float64Array(2 * length),
    building: new Int32Array(length),
    residents: new Uint8Array(length),
    flags: new Uint8Array(length),
  };
}

/** Radius of the largest circle around a cell's site inside the cell: half the distance to the nearest neighbour site. */
function inscribedRadius(mesh: Mesh, c: number): number {
  let r = Number.POSITIVE_INFINITY;
  for (const n of mesh.neighbours[c]) {
    r = Math.min(
      r,
      Math.hypot(mesh.sites[2 * n] - mesh.sites[2 * c], mesh.sites[2 * n + 1] - mesh.sites[2 * c + 1]) / 2,
    );
  }
  return r;
}

const RESIDENTS = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6];

/** Buildings on a lattice inside the cell's inscribed circle, and their households inside them. */
function placeBuildings(
  mesh: Mesh,
  c: number,
  households: number,
  use: LandUse,
  random: Random,
  inverse: (p: Position) => [number, number],
  buildings: Feature<Polygon, BuildingProperties>[],
  table: HouseholdTable,
  cursor: { row: number },
): void {
  if (households === 0) return;
  const highRise = use === 'residential' && random.next() < 0.5;
  const perBuilding = highRise ? random.range(60, 150) : random.range(12, 40);
  const count = Math.ceil(households / perBuilding);
  const side = Math.ceil(Math.sqrt(count));
  const spacing = (1.4 * inscribedRadius(mesh, c)) / side;
  const size = spacing / 2;
  const x0 = mesh.sites[2 * c] - ((side - 1) / 2) * spacing;
  const y0 = mesh.sites[2 * c + 1] - ((side - 1) / 2) * spacing;
  for (let b = 0; b < count; b++) {
    const cx = x0 + (b % side) * spacing;
    const cy = y0 + Math.floor(b / side) * spacing;
    const h = Math.floor(households / count) + (b < households % count ? 1 : 0);
    const id = buildings.length;
    const corners = [
      [cx - size / 2, cy - size / 2],
      [cx + size / 2, cy - size / 2],
      [cx + size / 2, cy + size / 2],
      [cx - size / 2, cy + size / 2],
    ];
    buildings.push({
      type: 'Feature',
      properties: {
        id,
        compound: c,
        households: h,
        storeys: highRise ? 11 + random.int(22) : 2 + random.int(5),
      },
      geometry: { type: 'Polygon', coordinates: [[...corners, corners[0]].map(inverse)] },
    });
    for (let i = 0; i < h; i++) {
      const row = cursor.row++;
      const [lon, lat] = inverse([cx + random.range(-0.4, 0.4) * size, cy + random.range(-0.4, 0.4) * size]);
      table.xy[2 * row] = lon;
      table.xy[2 * row + 1] = lat;
      table.building[row] = id;
      const residents = RESIDENTS[random.int(RESIDENTS.length)];
      table.residents[row] = residents;
      let flags = 0;
      if (residents === 1 && random.next() < 0.35) flags |= KeyGroup.ELDERLY_ALONE;
      if (random.next() < 0.02) flags |= KeyGroup.DISABLED;
      if (random.next() < 0.15) flags |= KeyGroup.RENTAL;
      if (random.next() < 0.08) flags |= KeyGroup.FLOATING;
      table.flags[row] = flags;
    }
  }
}

/** Shops: many in commercial compounds, a few in residential ones, inside the inscribed circle. */
function placeShops(
  mesh: Mesh,
  c: number,
  use: LandUse,
  random: Random,
  inverse: (p: Position) => [number, number],
  shops: Feature<Point, PoiProperties>[],
): void {
  const count = use === 'commercial' ? 2 + random.int(10) : use === 'residential' ? random.int(2) : 0;
  for (let i = 0; i < count; i++) {
    shops.push({
      type: 'Feature',
      properties: { id: shops.length, kind: 'shop', compound: c },
      geometry: { type: 'Point', coordinates: pointInCell(mesh, c, random, inverse) },
    });
  }
}

/** Key units: one per 2,000 households (at least five), of every kind in turn, in random compounds. */
function placeKeyUnits(
  mesh: Mesh,
  cells: number[],
  households: number,
  random: Random,
  inverse: (p: Position) => [number, number],
): Feature<Point, PoiProperties>[] {
  const count = Math.max(5, Math.round(households / 2000));
  return Array.from({ length: count }, (_, id) => {
    const c = cells[random.int(cells.length)];
    return {
      type: 'Feature',
      properties: { id, kind: KEY_UNIT_KINDS[id % KEY_UNIT_KINDS.length], compound: c },
      geometry: { type: 'Point', coordinates: pointInCell(mesh, c, random, inverse) },
    };
  });
}

function pointInCell(
  mesh: Mesh,
  c: number,
  random: Random,
  inverse: (p: Position) => [number, number],
): Position {
  const r = 0.9 * inscribedRadius(mesh, c) * Math.sqrt(random.next());
  const angle = random.range(0, 2 * Math.PI);
  return inverse([mesh.sites[2 * c] + r * Math.cos(angle), mesh.sites[2 * c + 1] + r * Math.sin(angle)]);
}

/**
 * Main roads crossing the district along compound edges (so they can become grid boundaries): each the
 * shortest path over the district's mesh edges between outline vertices on opposite sides.
 */
function traceRoads(
  mesh: Mesh,
  cells: Set<number>,
  radius: number,
  random: Random,
  toLonLat: (v: number) => Position,
): Feature<LineString, RoadProperties>[] {
  const graph = new Map<number, Set<number>>();
  for (const c of cells) {
    const ring = mesh.cells[c];
    ring.forEach((a, i) => {
      const b = ring[(i + 1) % ring.length];
      if (!graph.has(a)) graph.set(a, new Set());
      if (!graph.has(b)) graph.set(b, new Set());
      graph.get(a)!.add(b);
      graph.get(b)!.add(a);
    });
  }
  const vertexIds = [...graph.keys()].sort((a, b) => a - b);
  const at = (v: number) => [mesh.vertices[2 * v], mesh.vertices[2 * v + 1]];
  const nearestVertex = (x: number, y: number) =>
    vertexIds.reduce((best, v) =>
      Math.hypot(at(v)[0] - x, at(v)[1] - y) < Math.hypot(at(best)[0] - x, at(best)[1] - y) ? v : best,
    );
  const roads: Feature<LineString, RoadProperties>[] = [];
  const start = random.range(0, Math.PI);
  for (let i = 0; i < 3; i++) {
    const angle = start + (i * Math.PI) / 3;
    const from = nearestVertex(0.9 * radius * Math.cos(angle), 0.9 * radius * Math.sin(angle));
    const to = nearestVertex(-0.9 * radius * Math.cos(angle), -0.9 * radius * Math.sin(angle));
    const path = shortestPath(graph, from, to, at);
    roads.push({
      type: 'Feature',
      properties: { name: ROAD_NAMES[i], kind: 'main-road' },
      geometry: { type: 'LineString', coordinates: path.map(toLonLat) },
    });
  }
  return roads;
}

/** Dijkstra over the vertex graph; the heap breaks ties by vertex id, so the path is deterministic. */
function shortestPath(
  graph: Map<number, Set<number>>,
  from: number,
  to: number,
  at: (v: number) => number[],
): number[] {
  const distance = new Map<number, number>([[from, 0]]);
  const previous = new Map<number, number>();
  const done = new Set<number>();
  const queue = new MinHeap();
  queue.push(0, from);
  while (queue.size > 0) {
    const d = queue.peekKey();
    const v = queue.pop();
    if (done.has(v)) continue;
    done.add(v);
    if (v === to) break;
    for (const n of graph.get(v)!) {
      const nd = d + Math.hypot(at(n)[0] - at(v)[0], at(n)[1] - at(v)[1]);
      if (nd < (distance.get(n) ?? Number.POSITIVE_INFINITY)) {
        distance.set(n, nd);
        previous.set(n, v);
        queue.push(nd, n);
      }
    }
  }
  const path = [to];
  while (path.at(-1) !== from) path.push(previous.get(path.at(-1)!)!);
  return path.reverse();
}
