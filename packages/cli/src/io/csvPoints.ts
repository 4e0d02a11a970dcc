/** CSV point files: the longitude and latitude columns found, each row a Point feature with its line. */
import type { Feature } from 'geojson';
import { parseCsvText } from './csv';
import type { ReadOptions } from './read';
import { setOrigin, unreadable } from './where';

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', '经度', 'wgs84_lon', 'point_x'];
const LAT_NAMES = ['lat', 'latitude', 'y', '纬度', 'wgs84_lat', 'point_y'];

/** The column among `columns` that matches one of `names` (case-insensitive), or `undefined`. */
function findColumn(columns: readonly string[], names: string[]): string | undefined {
  const lower = columns.map((c) => c.trim().toLowerCase());
  for (const name of names) {
    const i = lower.indexOf(name);
    if (i >= 0) return columns[i];
  }
  return undefined;
}

/**
 * Positions of the longitude and latitude columns in a CSV header: the ones named in `options`, else the
 * first header matching a usual name (lon, lng, longitude, x, 经度 / lat, latitude, y, 纬度, any case).
 * Throws `UNREADABLE_INPUT` naming the file and the columns it has.
 */
export function lonLatColumns(
  file: string,
  header: readonly string[],
  options: Pick<ReadOptions, 'lon' | 'lat'> = {},
): { lonAt: number; latAt: number } {
  const pick = (given: string | undefined, names: string[], what: 'lon' | 'lat'): number => {
    const column = given ?? findColumn(header, names);
    const i = column === undefined ? -1 : header.indexOf(column);
    if (i < 0) {
      throw unreadable(
        file,
        given === undefined
          ? `no ${what === 'lon' ? 'longitude' : 'latitude'} column among ${JSON.stringify(header)}: pass --${what} <column>`
          : `no column ${JSON.stringify(given)} among ${JSON.stringify(header)}: check --${what}`,
      );
    }
    return i;
  };
  return { lonAt: pick(options.lon, LON_NAMES, 'lon'), latAt: pick(options.lat, LAT_NAMES, 'lat') };
}

export function csvToFeatures(file: string, text: string, options: ReadOptions): Feature[] {
  const { header, rows } = parseCsvText(file, text);
  const { lonAt, latAt } = lonLatColumns(file, header, options);
  return rows.map(({ fields, line }, r) => {
    const properties: Record<string, string> = {};
    header.forEach((name, c) => {
      if (c !== lonAt && c !== latAt && c < fields.length) properties[name] = fields[c];
    });
    const [x, y] = [fields[lonAt] ?? '', fields[latAt] ?? ''];
    const lon = Number(x);
    const lat = Number(y);
    let problem: string | undefined;
    if (fields.length !== header.length) {
      problem = `${fields.length} fields where the header has ${header.length}; fix the row or remove it`;
    } else if (x.trim() === '' || y.trim() === '' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      problem = `${header[lonAt]}=${JSON.stringify(x)}, ${header[latAt]}=${JSON.stringify(y)} is not a pair of numbers; fix the row or remove it`;
    }
    const feature: Feature = {
      type: 'Feature',
      properties,
      geometry: problem === undefined ? { type: 'Point', coordinates: [lon, lat] } : (null as never),
    };
    if (problem !== undefined && options.badRows !== 'keep') {
      throw unreadable(file, problem, { featureIndex: r, line });
    }
    setOrigin(feature, problem === undefined ? { index: r, line } : { index: r, line, problem });
    return feature;
  });
}
