import { MinHeap } from '@wangge/core/internal';
import type { Feature, LineString, Position } from 'geojson';
import type { Mesh } from './mesh';
import type { Random } from './random';
import type { RoadProperties } from './types';

const ROAD_NAMES = ['文一路', '学院路', '天目山路', '古墩路'];

/**
 * Main roads crossing the district along compound edges (so they can become grid boundaries): each the
 * shortest path over the district's mesh edges between outline vertices on opposite sides.
 */
export function traceRoads(
  mesh: Mesh,
  cells: Set<number>,
  radius: number,
  random: Random,
  vertexToLonLat: (v: number) => Position,
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
      geometry: { type: 'LineString', coordinates: path.map(vertexToLonLat) },
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
