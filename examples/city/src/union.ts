import type { Mesh } from './mesh';

/**
 * The outline of a set of mesh cells as polygons of vertex-id rings (closed, exterior counter-clockwise,
 * holes clockwise), ordered by their lowest vertex id. Exact: an edge shared by two chosen cells cancels,
 * so neighbouring unions share their boundary vertex for vertex.
 */
export function unionOfCells(mesh: Mesh, cellIds: Iterable<number>): number[][][] {
  const next = new Map<number, number>();
  const edges = new Set<string>();
  for (const c of cellIds) {
    const ring = mesh.cells[c];
    for (let i = 0; i < ring.length; i++) edges.add(`${ring[i]},${ring[(i + 1) % ring.length]}`);
  }
  for (const key of edges) {
    const [a, b] = key.split(',').map(Number);
    if (edges.has(`${b},${a}`)) continue;
    if (next.has(a)) throw new Error(`mesh vertex ${a} has two outgoing boundary edges`);
    next.set(a, b);
  }
  const rings: number[][] = [];
  for (const start of [...next.keys()].sort((x, y) => x - y)) {
    if (!next.has(start)) continue;
    const ring = [start];
    for (let v = next.get(start)!; v !== start; v = next.get(v)!) ring.push(v);
    for (const v of ring) next.delete(v);
    ring.push(start);
    rings.push(ring);
  }
  const exteriors = rings.filter((r) => signedArea(mesh, r) > 0);
  const holes = rings.filter((r) => signedArea(mesh, r) < 0);
  const polygons = exteriors.map((r) => [r]);
  for (const hole of holes) {
    // The innermost exterior holding the hole owns it (an island inside another part's hole is possible).
    const owner = polygons
      .filter((p) => contains(mesh, p[0], hole[0]))
      .sort((a, b) => signedArea(mesh, a[0]) - signedArea(mesh, b[0]))[0];
    if (owner === undefined) throw new Error('a hole ring lies in no exterior ring');
    owner.push(hole);
  }
  return polygons;
}

function signedArea(mesh: Mesh, ring: number[]): number {
  const v = mesh.vertices;
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    twice += v[2 * ring[i]] * v[2 * ring[i + 1] + 1] - v[2 * ring[i + 1]] * v[2 * ring[i] + 1];
  }
  return twice / 2;
}

/** Whether vertex `probe` (on a hole ring, so never on `ring`) lies inside `ring`: even-odd ray test. */
function contains(mesh: Mesh, ring: number[], probe: number): boolean {
  const v = mesh.vertices;
  const x = v[2 * probe];
  const y = v[2 * probe + 1];
  let inside = false;
  for (let i = 0; i + 1 < ring.length; i++) {
    const ax = v[2 * ring[i]];
    const ay = v[2 * ring[i] + 1];
    const bx = v[2 * ring[i + 1]];
    const by = v[2 * ring[i + 1] + 1];
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}
