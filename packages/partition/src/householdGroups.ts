import {
  type CodeStyle,
  checkOptions,
  codesOfChildren,
  ErrorCode,
  type GridGeometry,
  letterCodes,
  numericCodes,
  planCodeProblem,
  WanggeError,
} from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { dissolve, overlay } from '@wangge/geometry';
import { Delaunay } from 'd3-delaunay';
import type { Polygon, Position } from 'geojson';
import { ExactCrossings } from './internal/crossings';
import { flatPositions } from './internal/options';

/** Options of {@link householdGroups}. */
export interface HouseholdGroupOptions {
  /** Households per group: 5 for 五户联保, 10 for 十户联防, any whole number ≥ 2. @default 5 */
  size?: number;
  /** The grid of each household (e.g. `gridOf` of a partition); groups never cross grids, -1 stays out. @default one grid */
  gridOf?: ArrayLike<number>;
  /** Codes of the grids, to code each group as a child of its grid (`A1-3` → `A1-3-2`). @default no codes */
  gridCodes?: readonly string[];
  /** Code style of the group codes. @default numeric under numeric grid codes, letters otherwise */
  codeStyle?: CodeStyle;
}

/** One household group. */
export interface HouseholdGroup {
  /** The grid it lies in (index into the grids `gridOf` refers to). */
  grid: number;
  /** Its code under the grid's code, when grid codes were given. */
  code?: string;
  /** The households in it, in walking order. */
  households: number[];
}

/** What {@link householdGroups} returns. */
export interface HouseholdGroupsResult {
  /** Group index of each household, -1 for households outside every grid. */
  groupOf: Int32Array;
  /** The groups, grid by grid, each grid's groups in walking order. */
  groups: HouseholdGroup[];
}

/**
 * The finest level of real plans: groups of `size` neighbouring households (五户联保、十户联防) inside one
 * grid. Each grid's households are put in Hilbert-curve order (a walk that keeps near points near, with the
 * households of one building together) and cut into runs; a grid of n households gets round(n / size)
 * groups whose sizes differ by at most one. Deterministic: equal input, equal groups.
 */
export function householdGroups(
  households: readonly Position[] | Float64Array,
  options?: HouseholdGroupOptions,
): HouseholdGroupsResult {
  options = checkOptions(options, 'householdGroups');
  const size = options.size ?? 5;
  if (!Number.isInteger(size) || size < 2) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `size must be a whole number ≥ 2, got ${String(size)}`);
  }
  const xy = flatPositions(households);
  const n = xy.length / 2;
  const gridOf = options.gridOf;
  if (gridOf !== undefined && gridOf.length !== n) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `gridOf has ${gridOf.length} entries for ${n} households`,
    );
  }
  const grid = (i: number) => (gridOf === undefined ? 0 : gridOf[i]);
  const byGrid = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = grid(i);
    if (!Number.isInteger(g) || g < -1) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `gridOf[${i}] must be a grid index or -1, got ${g}`);
    }
    if (g < 0) continue;
    const list = byGrid.get(g);
    if (list === undefined) byGrid.set(g, [i]);
    else list.push(i);
  }
  const codes = options.gridCodes;
  const groupOf = new Int32Array(n).fill(-1);
  const groups: HouseholdGroup[] = [];
  for (const g of [...byGrid.keys()].sort((a, b) => a - b)) {
    const members = byGrid.get(g)!;
    const order = hilbertOrder(xy, members);
    const count = Math.max(1, Math.round(members.length / size));
    const code = codes?.[g];
    if (codes !== undefined && typeof code !== 'string') {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `gridCodes has no code for grid ${g}`);
    }
    const style =
      options.codeStyle ??
      (code !== undefined && planCodeProblem(code, numericCodes()) === null ? numericCodes() : letterCodes());
    const childCodes = code === undefined ? [] : codesOfChildren(code, count, style);
    let at = 0;
    for (let k = 0; k < count; k++) {
      const take = Math.floor(members.length / count) + (k < members.length % count ? 1 : 0);
      const list = order.slice(at, at + take);
      at += take;
      for (const i of list) groupOf[i] = groups.length;
      groups.push({
        grid: g,
        ...(code !== undefined ? { code: childCodes[k] } : {}),
        households: list,
      });
    }
  }
  return { groupOf, groups };
}

/** Households in Hilbert-curve order over their box (lon scaled by cos(lat)); ties by index. */
function hilbertOrder(xy: Float64Array, members: number[]): number[] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const i of members) {
    minX = Math.min(minX, xy[2 * i]);
    maxX = Math.max(maxX, xy[2 * i]);
    minY = Math.min(minY, xy[2 * i + 1]);
    maxY = Math.max(maxY, xy[2 * i + 1]);
  }
  const scaleX = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const span = Math.max((maxX - minX) * scaleX, maxY - minY) || 1;
  const side = 65535;
  const keys = new Map<number, number>();
  for (const i of members) {
    const x = Math.round((((xy[2 * i] - minX) * scaleX) / span) * side);
    const y = Math.round(((xy[2 * i + 1] - minY) / span) * side);
    keys.set(i, hilbert(x, y));
  }
  return [...members].sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
}

/** Index of (x, y) on the Hilbert curve over a 65536 × 65536 square. */
function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 32768; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      [x, y] = [y, x];
    }
  }
  return d;
}

/**
 * A mappable polygon for every household group (五户联保、十户联防), so that the groups of a grid tile it
 * exactly: the Voronoi cells of the grid's households (d3-delaunay, in a plane with longitude scaled by
 * cos(latitude)) are cut with the grid in one `@wangge/geometry` overlay, each face goes to the group of
 * the household nearest to it, and each group's faces are dissolved. The faces share their vertices, so
 * the groups of a grid meet edge to edge, never overlap, and their union is the grid: on its boundary the
 * groups keep the grid's own vertices and the exact points where cell edges cross its edges (not the
 * overlay's 1e-9° roundings of them), exact for a grid on the kernel's grid (as make-valid and the
 * partitions return them); every household lies in its group's polygon. Households at one position go to
 * the group of the lowest-numbered of them: a group whose households all stand where an earlier group's
 * do (flats of one building at one point) gets `null` and is drawn with that group. `grids[g]` is the
 * geometry of grid `g` of `groups`; returns one geometry per group, in `groups.groups` order. Throws
 * `INVALID_OPTION` when a group's grid has no geometry or a group names a household not in `households`.
 */
export function householdGroupPolygons(
  grids: readonly GridGeometry[],
  households: readonly Position[] | Float64Array,
  groups: HouseholdGroupsResult,
): Array<GridGeometry | null> {
  if (!Array.isArray(groups?.groups)) {
    throw new WanggeError(
      ErrorCode.INVALID_ARGUMENT,
      'householdGroupPolygons: groups must be the result of householdGroups',
    );
  }
  const xy = flatPositions(households);
  const out: Array<GridGeometry | null> = new Array(groups.groups.length);
  const byGrid = new Map<number, number[]>();
  groups.groups.forEach((group, k) => {
    for (const i of group.households) {
      if (!(Number.isInteger(i) && i >= 0 && 2 * i < xy.length)) {
        throw new WanggeError(ErrorCode.INVALID_OPTION, `group ${k} names household ${i}, not in households`);
      }
    }
    const list = byGrid.get(group.grid) ?? [];
    list.push(k);
    byGrid.set(group.grid, list);
  });
  for (const [g, ks] of byGrid) {
    const grid = grids[g];
    if (grid === undefined || grid === null) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `no geometry for grid ${g} of the household groups`);
    }
    const polygons = gridGroupPolygons(
      grid,
      xy,
      ks.map((k) => groups.groups[k].households),
    );
    ks.forEach((k, j) => {
      out[k] = polygons[j];
    });
  }
  return out;
}

/** The polygons of one grid's groups (`members[j]`: the households of its group j). */
function gridGroupPolygons(
  grid: GridGeometry,
  xy: Float64Array,
  members: number[][],
): Array<GridGeometry | null> {
  // The groups' vertices on the grid's boundary are its own vertices and the exact points where cell
  // edges cross its edges, not the overlay's roundings of them: the groups tile the grid as given.
  const crossings = new ExactCrossings(grid);
  const exact = (p: Position) => crossings.at(p) ?? p;
  if (members.length === 1)
    return [mapPositions(dissolve(facesOf(overlay([grid])).map((f) => f.polygon)), exact)];
  // Local plane: metres from the grid's corner (longitude scaled by cos(latitude)). Affine on purpose,
  // not a map projection: cells stay convex in lon/lat, which the nearest-site labelling below relies on.
  const [x0, y0, x1, y1] = boxOf(grid);
  // Metres, not degrees: d3-delaunay clips with absolute epsilons (1e-6) that households 1 m apart in
  // degrees (1e-5) would fall under.
  const M = 111_320;
  const scale = M * Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const toX = (x: number) => (x - x0) * scale;
  const toY = (y: number) => (y - y0) * M;
  // One site per distinct position, labelled with the group of its lowest-numbered household.
  const siteGroup: number[] = [];
  const sites: number[] = [];
  const seen = new Set<string>();
  const order = members.flatMap((list, j) => list.map((i) => [i, j] as const)).sort((a, b) => a[0] - b[0]);
  for (const [i, j] of order) {
    const key = `${xy[2 * i]},${xy[2 * i + 1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    siteGroup.push(j);
    sites.push(toX(xy[2 * i]), toY(xy[2 * i + 1]));
  }
  const w = toX(x1);
  const h = toY(y1);
  const pad = Math.max(w, h) + 1;
  // Four far sites keep collinear households (a row of houses) from a degenerate triangulation; no point
  // of the grid is nearer to them than to a household, so their cells stay outside it.
  const far = 10 * pad;
  sites.push(-far, -far, w + far, -far, w + far, h + far, -far, h + far);
  const delaunay = new Delaunay(Float64Array.from(sites));
  const voronoi = delaunay.voronoi([-pad, -pad, w + pad, h + pad]);
  const cells: Polygon[] = [];
  for (let s = 0; s < siteGroup.length; s++) {
    const ring = voronoi.cellPolygon(s);
    if (ring !== null) {
      cells.push({ type: 'Polygon', coordinates: [ring.map(([x, y]) => [x / scale + x0, y / M + y0])] });
    }
  }
  const faces = facesOf(overlay([grid, ...cells]));
  for (const cell of cells) {
    const ring = cell.coordinates[0];
    for (let i = 0; i + 1 < ring.length; i++) crossings.addCut(ring[i], ring[i + 1]);
  }
  const parts = members.map((): Polygon[] => []);
  let hint = 0;
  for (const face of faces) {
    // A face lies in one (convex) cell, so its centroid does too, and that cell's site is nearest to it.
    const [cx, cy] = centroidOf(face.polygon);
    hint = delaunay.find(toX(cx), toY(cy), hint);
    parts[siteGroup[hint]].push(face.polygon);
  }
  return parts.map((list) => (list.length === 0 ? null : mapPositions(dissolve(list), exact)));
}

function mapPositions(g: GridGeometry, f: (p: Position) => Position): GridGeometry {
  const ring = (r: Position[]) => r.map(f);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((rings) => rings.map(ring)) };
}

/** The bounded faces of an overlay that lie inside input 0 (the grid). */
function facesOf(o: ReturnType<typeof overlay>): Array<{ polygon: Polygon }> {
  const faces: Array<{ polygon: Polygon }> = [];
  for (let f = 0; f < o.faceCount; f++) {
    if (o.faceInputs(f)[0] === 0) faces.push({ polygon: o.facePolygon(f) });
  }
  return faces;
}

function boxOf(geometry: GridGeometry): [number, number, number, number] {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const rings of polygonsOf(geometry)) {
    for (const [x, y] of rings[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return [x0, y0, x1, y1];
}

/** The area centroid of a polygon (holes subtracted), relative to its first vertex for precision. */
function centroidOf(polygon: Polygon): [number, number] {
  const [ox, oy] = polygon.coordinates[0][0];
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const ring of polygon.coordinates) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const x0 = ring[i][0] - ox;
      const y0 = ring[i][1] - oy;
      const x1 = ring[i + 1][0] - ox;
      const y1 = ring[i + 1][1] - oy;
      const c = x0 * y1 - x1 * y0;
      a += c;
      cx += (x0 + x1) * c;
      cy += (y0 + y1) * c;
    }
  }
  if (a === 0) return [ox, oy];
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}
