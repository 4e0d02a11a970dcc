import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Neighbours of polygons that share at least one edge exactly (same two vertices), as plans cut from
 * one coverage do. Stands in until the map colouring can use `neighbours()` of `@wangge/index`.
 */
export function sharedEdgeNeighbours(geometries: ReadonlyArray<Polygon | MultiPolygon>): number[][] {
  const owners = new Map<string, number>();
  const sets = geometries.map(() => new Set<number>());
  const key = (a: Position, b: Position) => {
    const ka = `${a[0]},${a[1]}`;
    const kb = `${b[0]},${b[1]}`;
    return ka < kb ? `${ka};${kb}` : `${kb};${ka}`;
  };
  geometries.forEach((g, id) => {
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of parts)
      for (const ring of rings)
        for (let i = 0; i + 1 < ring.length; i++) {
          const k = key(ring[i], ring[i + 1]);
          const other = owners.get(k);
          if (other === undefined) owners.set(k, id);
          else if (other !== id) {
            sets[id].add(other);
            sets[other].add(id);
          }
        }
  });
  return sets.map((s) => [...s].sort((a, b) => a - b));
}
