import { ErrorCode, WanggeError } from '@wangge/core';
import type { Topology } from 'topojson-specification';
import { describeValue } from './formats';

/** How deep `arcs` nest for each TopoJSON geometry type (a list of arc indices is depth 1). */
const ARC_DEPTH: Record<string, number> = { LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/**
 * Checks a TopoJSON topology before topojson-client reads it, so that a broken file is a clear error
 * naming the object and geometry rather than a TypeError from deep inside: `objects` and `arcs` present,
 * every arc a list of positions, every arc index a whole number within the arcs. Throws `UNREADABLE_INPUT`.
 */
export function checkTopology(file: string, topo: Topology): void {
  const fail = (message: string, featureIndex?: number): never => {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      `${message}; re-export the TopoJSON`,
      featureIndex === undefined ? { file } : { file, featureIndex },
    );
  };
  if (typeof topo.objects !== 'object' || topo.objects === null || !Array.isArray(topo.arcs)) {
    fail('TopoJSON without "objects" or "arcs"');
  }
  topo.arcs.forEach((arc, i) => {
    if (
      !Array.isArray(arc) ||
      !arc.every((p) => Array.isArray(p) && p.length >= 2 && p.every(Number.isFinite))
    )
      fail(`arc #${i} is not a list of [x, y] positions`);
  });
  const n = topo.arcs.length;
  let featureIndex = 0;
  for (const [name, object] of Object.entries(topo.objects)) {
    const geometries =
      (object as { type?: string }).type === 'GeometryCollection'
        ? ((object as { geometries?: unknown }).geometries as unknown[])
        : [object];
    if (!Array.isArray(geometries))
      fail(`object ${JSON.stringify(name)}: a GeometryCollection without geometries`);
    geometries.forEach((g, k) => {
      const where = `object ${JSON.stringify(name)} geometry #${k}`;
      const { type, arcs } = (g ?? {}) as { type?: unknown; arcs?: unknown };
      const depth = typeof type === 'string' ? ARC_DEPTH[type] : undefined;
      if (depth !== undefined) {
        const walk = (value: unknown, d: number): void => {
          const list = Array.isArray(value)
            ? value
            : fail(`${where}: arcs ${describeValue(value)} is not a list`, featureIndex);
          for (const v of list) {
            if (d > 1) walk(v, d - 1);
            else if (!Number.isInteger(v) || (v < 0 ? ~v : v) >= n) {
              fail(
                `${where}: arc index ${describeValue(v)} is out of range (the file has ${n} arcs)`,
                featureIndex,
              );
            }
          }
        };
        walk(arcs, depth);
      }
      featureIndex++;
    });
  }
}
