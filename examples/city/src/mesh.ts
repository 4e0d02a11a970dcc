import Delaunator from 'delaunator';
import type { Random } from './random';

/**
 * A Voronoi mesh in planar metres. Cells share vertex ids, so any union of cells has exactly
 * coincident shared edges: the property that makes generated grids tile without slivers.
 */
export interface Mesh {
  /** Site of each cell, interleaved x, y. */
  sites: Float64Array;
  /** Vertex positions (Delaunay circumcentres), interleaved x, y. */
  vertices: Float64Array;
  /** Vertex ids of each cell's ring, counter-clockwise, unclosed; empty for an unbounded hull cell. */
  cells: number[][];
  /** Cells sharing an edge with each cell, ascending. */
  neighbours: number[][];
}

/** A jittered lattice of sites covering `[-half, half]²`, meshed into Voronoi cells of about `spacing`. */
export function createMesh(half: number, spacing: number, random: Random): Mesh {
  const steps = Math.ceil((2 * half) / spacing);
  const coords: number[] = [];
  for (let j = 0; j <= steps; j++) {
    for (let i = 0; i <= steps; i++) {
      const offset = j % 2 === 0 ? 0 : spacing / 2;
      coords.push(
        -half + i * spacing + offset + random.range(-0.35, 0.35) * spacing,
        -half + j * spacing * 0.866 + random.range(-0.35, 0.35) * spacing,
      );
    }
  }
  const sites = Float64Array.from(coords);
  const delaunay = new Delaunator(sites);
  const { triangles, halfedges } = delaunay;
  const triangleCount = triangles.length / 3;
  const vertices = new Float64Array(triangleCount * 2);
  for (let t = 0; t < triangleCount; t++) {
    const [cx, cy] = circumcentre(sites, triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2]);
    vertices[2 * t] = cx;
    vertices[2 * t + 1] = cy;
  }
  const siteCount = sites.length / 2;
  // One incoming half-edge per site, preferring the leftmost (a hull site's walk must start there).
  const incoming = new Int32Array(siteCount).fill(-1);
  for (let e = 0; e < triangles.length; e++) {
    const p = triangles[e % 3 === 2 ? e - 2 : e + 1];
    if (incoming[p] === -1 || halfedges[e] === -1) incoming[p] = e;
  }
  const cells: number[][] = [];
  const neighbours: number[][] = [];
  for (let p = 0; p < siteCount; p++) {
    const ring: number[] = [];
    const around = new Set<number>();
    let e = incoming[p];
    let bounded = true;
    do {
      ring.push(Math.floor(e / 3));
      around.add(triangles[e]);
      const outgoing = e % 3 === 2 ? e - 2 : e + 1;
      e = halfedges[outgoing];
      if (e === -1) bounded = false;
    } while (e !== -1 && e !== incoming[p]);
    cells.push(bounded ? orientCounterClockwise(ring, vertices) : []);
    neighbours.push([...around].sort((a, b) => a - b));
  }
  return { sites, vertices, cells, neighbours };
}

function circumcentre(points: Float64Array, a: number, b: number, c: number): [number, number] {
  const ax = points[2 * a];
  const ay = points[2 * a + 1];
  const dx = points[2 * b] - ax;
  const dy = points[2 * b + 1] - ay;
  const ex = points[2 * c] - ax;
  const ey = points[2 * c + 1] - ay;
  const bl = dx * dx + dy * dy;
  const cl = ex * ex + ey * ey;
  const d = 0.5 / (dx * ey - dy * ex);
  return [ax + (ey * bl - dy * cl) * d, ay + (dx * cl - ex * bl) * d];
}

function orientCounterClockwise(ring: number[], vertices: Float64Array): number[] {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    twice += vertices[2 * a] * vertices[2 * b + 1] - vertices[2 * b] * vertices[2 * a + 1];
  }
  return twice < 0 ? ring.reverse() : ring;
}

/** The connected pieces of a set of cells over edge adjacency, each ascending, in order of first cell seen. */
export function connectedComponents(mesh: Mesh, cells: Set<number>): number[][] {
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

/** The cell among `cells` whose site is nearest to `(x, y)`; the first on a tie. */
export function nearestCell(mesh: Mesh, cells: Iterable<number>, x: number, y: number): number {
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

/** Radius of the largest circle around a cell's site inside the cell: half the distance to the nearest neighbour site. */
export function inscribedRadius(mesh: Mesh, c: number): number {
  let r = Number.POSITIVE_INFINITY;
  for (const n of mesh.neighbours[c]) {
    r = Math.min(
      r,
      Math.hypot(mesh.sites[2 * n] - mesh.sites[2 * c], mesh.sites[2 * n + 1] - mesh.sites[2 * c + 1]) / 2,
    );
  }
  return r;
}
