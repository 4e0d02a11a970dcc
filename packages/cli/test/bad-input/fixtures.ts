import gcoord from 'gcoord';
import type { Feature, Polygon } from 'geojson';
import iconv from 'iconv-lite';
import { box, tinyPlan } from '../helpers';

/** A FeatureCollection as file text. */
export function collection(features: readonly unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Household points near the middle of each leaf grid of {@link tinyPlan}. */
export const HOUSEHOLDS: ReadonlyArray<[number, number]> = [
  [120.105, 30.205],
  [120.106, 30.206],
  [120.105, 30.215],
  [120.115, 30.205],
  [120.115, 30.215],
  [120.116, 30.216],
];

/** The households as CSV: id, name, residents, flags, lon, lat. */
export function householdsCsv(rows = HOUSEHOLDS, delimiter = ','): string {
  const lines = [['id', 'name', 'residents', 'flags', 'lon', 'lat'].join(delimiter)];
  rows.forEach(([x, y], i) => {
    lines.push([i, `户${i}`, 2, 0, x, y].join(delimiter));
  });
  return `${lines.join('\n')}\n`;
}

/** The households as GeoJSON points. */
export function householdsGeoJson(rows = HOUSEHOLDS): string {
  return collection(
    rows.map(([x, y], i) => ({
      type: 'Feature',
      properties: { id: i, residents: 2 },
      geometry: { type: 'Point', coordinates: [x, y] },
    })),
  );
}

/** The leaf grids of {@link tinyPlan} as units (compounds) with their grid and load. */
export function unitsGeoJson(): string {
  return collection(
    tinyPlan()
      .filter((g) => g.properties.level === 3)
      .map((g) => ({
        type: 'Feature',
        properties: { grid: g.properties.code, households: 1, load: 1 },
        geometry: g.geometry,
      })),
  );
}

/** A plan 400 m across (so that a 500 m datum shift moves every point off it), with points inside. */
export function smallPlan([x, y] = [120.2, 30.3]): {
  plan: string;
  wgs84: string;
  gcj02: string;
  swapped: string;
} {
  const d = 0.002;
  const grid = (code: string, parent: string | null, level: number, g: Polygon): Feature => ({
    type: 'Feature',
    properties: { code, parent, level },
    geometry: g,
  });
  const plan = collection([
    grid('S', null, 1, box(x, y, x + 2 * d, y + 2 * d)),
    grid('A', 'S', 2, box(x, y, x + d, y + 2 * d)),
    grid('B', 'S', 2, box(x + d, y, x + 2 * d, y + 2 * d)),
  ]);
  const points: Array<[number, number]> = [];
  for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) points.push([x + (i * d) / 5, y + (j * d) / 5]);
  const csv = (ps: Array<[number, number]>) =>
    `id,lon,lat\n${ps.map(([px, py], i) => `${i},${px},${py}`).join('\n')}\n`;
  const shifted = points.map((p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as [number, number]);
  const swapped = points.map(([px, py]): [number, number] => [py, px]);
  return { plan, wgs84: csv(points), gcj02: csv(shifted), swapped: csv(swapped) };
}

/** The usual files of a case folder: a plan, its boundary, households, units and a road. */
export function baseFiles(): Record<string, string | Uint8Array> {
  const plan = tinyPlan();
  return {
    'plan.geojson': collection(plan),
    'after.geojson': collection(tinyPlan({ gap: true })),
    'boundary.geojson': collection([{ type: 'Feature', properties: {}, geometry: plan[0].geometry }]),
    'street.geojson': collection([{ ...plan[0], properties: { code: '330106001000', name: '街道' } }]),
    'households.csv': householdsCsv(),
    'households.geojson': householdsGeoJson(),
    'units.geojson': unitsGeoJson(),
    'roads.geojson': collection([
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'LineString',
          coordinates: [
            [120.11, 30.19],
            [120.11, 30.23],
          ],
        },
      },
    ]),
    'model.json': JSON.stringify({ categories: { households: { weight: 1 } } }),
    'gbk.csv': iconv.encode(householdsCsv(), 'gbk'),
  };
}
