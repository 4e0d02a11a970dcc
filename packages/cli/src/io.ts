import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  ErrorCode,
  featureLocation,
  featuresOf,
  isGeometryType,
  positionProblem,
  WanggeError,
} from '@wangge/core';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';
import * as shapefile from 'shapefile';
import { feature as topoFeature } from 'topojson-client';
import { topology } from 'topojson-server';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { type Crs, featuresFromWgs84, featuresToWgs84, mapGeometry, parseCrs, WGS84 } from './crs';

/** File formats the CLI reads and writes. */
export type Format = 'geojson' | 'ndjson' | 'csv' | 'topojson' | 'shapefile';

/** Options of {@link readFeatures}. */
export interface ReadOptions {
  /** Format of the file. @default from the extension (`.geojson`/`.json`, `.ndjson`/`.geojsonl`/`.jsonl`, `.csv`/`.tsv`, `.topojson`, `.shp`); GeoJSON for stdin */
  format?: Format;
  /**
   * CRS of the coordinates in the file; features are returned in WGS84.
   * @default the file's own (a Shapefile's `.prj`, a GeoJSON `crs` member), else WGS84
   */
  crs?: Crs;
  /** CSV column holding the longitude (or easting). @default detected: lon, lng, longitude, x, 经度 ... */
  lon?: string;
  /** CSV column holding the latitude (or northing). @default detected: lat, latitude, y, 纬度 ... */
  lat?: string;
  /** Text encoding of a Shapefile's `.dbf`. @default the `.cpg` file's, else UTF-8 */
  encoding?: string;
}

/** Options of {@link writeFeatures}. */
export interface WriteOptions {
  /** Format of the file. @default from the extension; GeoJSON for stdout */
  format?: Exclude<Format, 'shapefile'>;
  /** CRS to write the coordinates in. @default WGS84 */
  crs?: Crs;
  /**
   * Drop every coordinate and keep only the properties (codes, names, counts), for sharing a plan where
   * exact boundaries are sensitive: GeoJSON gets `"geometry": null`, CSV loses its lon/lat columns.
   * @default true (coordinates are written)
   */
  coordinates?: boolean;
  /** TopoJSON quantization (positions per axis; 0 keeps exact coordinates). @default 1e6 */
  quantization?: number;
}

const EXTENSIONS: Record<string, Format> = {
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.ndjson': 'ndjson',
  '.geojsonl': 'ndjson',
  '.geojsons': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.topojson': 'topojson',
  '.shp': 'shapefile',
};

/** The format a file name implies, or `undefined` when the extension is not one wangge knows. */
export function formatOfFile(file: string): Format | undefined {
  if (/\.topo\.json$/i.test(file)) return 'topojson';
  return EXTENSIONS[extname(file).toLowerCase()];
}

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', '经度', 'wgs84_lon', 'point_x'];
const LAT_NAMES = ['lat', 'latitude', 'y', '纬度', 'wgs84_lat', 'point_y'];

/** An error about one input file: names the file and, through the wrapped error, the feature. */
function unreadable(file: string, message: string, location: { featureIndex?: number; path?: string } = {}) {
  return new WanggeError(ErrorCode.UNREADABLE_INPUT, `${file}: ${message}`, location);
}

/**
 * Reads a file (`-` for stdin) into GeoJSON features in WGS84. Throws `UNREADABLE_INPUT` naming the file,
 * and the line or feature, when it cannot be read or parsed, and `COORDINATE_OUT_OF_RANGE` (with the hint
 * to pass `crs`) when a position is not a longitude/latitude once converted.
 */
export async function readFeatures(file: string, options: ReadOptions = {}): Promise<Feature[]> {
  const format = options.format ?? (file === '-' ? 'geojson' : formatOfFile(file));
  if (format === undefined) {
    throw unreadable(
      file,
      'unknown file type: name it .geojson, .ndjson, .csv, .topojson or .shp, or pass --format',
    );
  }
  if (file !== '-' && !existsSync(file)) throw unreadable(file, 'no such file');
  if (format === 'shapefile') return readShapefile(file, options);
  const text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
  let features: Feature[];
  let fileCrs: Crs | undefined;
  if (format === 'csv') features = csvToFeatures(file, text, options);
  else if (format === 'ndjson') features = ndjsonToFeatures(file, text);
  else ({ features, crs: fileCrs } = jsonToFeatures(file, text));
  return checkLonLat(file, featuresToWgs84(features, options.crs ?? fileCrs ?? WGS84));
}

/**
 * The features, once every position is checked to be a longitude/latitude: a file in metres read without
 * its CRS fails here, naming the file, the feature and the `--crs` to pass, rather than deep in a library.
 */
function checkLonLat(file: string, features: Feature[]): Feature[] {
  features.forEach((f, i) => {
    let bad: Position | undefined;
    mapGeometry(f.geometry, (p) => {
      if (bad === undefined && positionProblem(p[0], p[1]) !== null) bad = p;
      return p;
    });
    if (bad !== undefined) {
      const metres =
        Number.isFinite(bad[0]) &&
        Number.isFinite(bad[1]) &&
        Math.max(Math.abs(bad[0]), Math.abs(bad[1])) > 1000;
      throw new WanggeError(
        positionProblem(bad[0], bad[1])!,
        `${file}: position ${JSON.stringify(bad)} is not a longitude/latitude${
          metres
            ? '; the file looks projected (metres): pass its CRS, e.g. --crs EPSG:4549 (CGCS2000 3° zone 120°E)'
            : ''
        }`,
        featureLocation(f, i),
      );
    }
  });
  return features;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(file: string, text: string, where = ''): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw unreadable(file, `${where}not valid JSON (${(error as Error).message}); fix or re-export the file`);
  }
}

function jsonToFeatures(file: string, text: string): { features: Feature[]; crs?: Crs } {
  const value = parseJson(file, text.replace(/^\uFEFF/, '')) as Record<string, unknown> | null;
  const type = value?.type;
  let features: Feature[];
  // An echarts map object (UTF8Encoding) is decoded by featuresOf; a plain collection is returned as it is.
  if (type === 'FeatureCollection' && Array.isArray(value!.features))
    features = [...featuresOf<Feature>(value)];
  else if (type === 'Feature') features = [value as unknown as Feature];
  else if (type === 'Topology') features = topologyToFeatures(file, value as unknown as Topology);
  else if (isGeometryType(type))
    features = [{ type: 'Feature', properties: {}, geometry: value as unknown as Geometry }];
  else {
    throw unreadable(
      file,
      `expected a GeoJSON FeatureCollection, Feature, geometry or a TopoJSON Topology, got ${type === undefined ? typeof value : `type ${JSON.stringify(type)}`}`,
    );
  }
  features.forEach((f, i) => {
    checkFeature(file, f, i);
  });
  const crsName = (value?.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  return { features, crs: typeof crsName === 'string' ? parseCrs(crsName) : undefined };
}

function checkFeature(file: string, f: unknown, i: number, where = `feature #${i}`): void {
  const feature = f as Feature | null;
  if (typeof feature !== 'object' || feature === null || feature.type !== 'Feature') {
    throw unreadable(file, `${where} is not a GeoJSON Feature`, { featureIndex: i });
  }
  if (feature.geometry !== null && !isGeometryType((feature.geometry as Geometry | undefined)?.type)) {
    throw unreadable(file, `${where} has no valid geometry`, { featureIndex: i });
  }
}

function topologyToFeatures(file: string, topo: Topology): Feature[] {
  if (typeof topo.objects !== 'object' || topo.objects === null || !Array.isArray(topo.arcs)) {
    throw unreadable(file, 'TopoJSON without objects or arcs');
  }
  return Object.values(topo.objects).flatMap((object) => {
    const converted = topoFeature(topo, object as GeometryCollection);
    return 'features' in converted ? converted.features : [converted];
  }) as Feature[];
}

const RS = String.fromCharCode(0x1e);

function ndjsonToFeatures(file: string, text: string): Feature[] {
  const features: Feature[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    // RFC 8142 GeoJSON text sequences start each record with the record separator, U+001E.
    const record = trimmed.startsWith(RS) ? trimmed.slice(1).trim() : trimmed;
    if (record === '') return;
    const where = `line ${i + 1}: `;
    const value = parseJson(file, record, where) as Feature;
    if (value?.type !== 'Feature' && isGeometryType((value as { type?: string })?.type)) {
      features.push({ type: 'Feature', properties: {}, geometry: value as unknown as Geometry });
      return;
    }
    checkFeature(file, value, features.length, `line ${i + 1}`);
    features.push(value);
  });
  return features;
}

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

/** The header row of a CSV file, read from its first 64 KiB. */
export function csvHeader(file: string): string[] {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(65_536);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const line = buffer.subarray(0, n).toString('utf8').split(/\r?\n/)[0];
  try {
    const [header] = parseCsv(line, {
      bom: true,
      delimiter: file.toLowerCase().endsWith('.tsv') ? '\t' : [',', ';', '\t'],
    }) as string[][];
    return header ?? [];
  } catch (error) {
    throw unreadable(file, `not valid CSV (${(error as Error).message})`);
  }
}

function csvToFeatures(file: string, text: string, options: ReadOptions): Feature<Point>[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, {
      bom: true,
      delimiter: file.toLowerCase().endsWith('.tsv') ? '\t' : [',', ';', '\t'],
      skip_empty_lines: true,
      relax_column_count: false,
    }) as string[][];
  } catch (error) {
    throw unreadable(file, `not valid CSV (${(error as Error).message})`);
  }
  if (rows.length === 0) throw unreadable(file, 'empty CSV: expected a header row and one row per point');
  const header = rows[0];
  const { lonAt, latAt } = lonLatColumns(file, header, options);
  const features: Feature<Point>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const lon = Number(row[lonAt]);
    const lat = Number(row[latAt]);
    if (
      row[lonAt].trim() === '' ||
      row[latAt].trim() === '' ||
      !Number.isFinite(lon) ||
      !Number.isFinite(lat)
    ) {
      throw unreadable(
        file,
        `line ${r + 1}: ${header[lonAt]}=${JSON.stringify(row[lonAt])}, ${header[latAt]}=${JSON.stringify(row[latAt])} is not a pair of numbers; fix the row or remove it`,
        { featureIndex: r - 1 },
      );
    }
    const properties: Record<string, string> = {};
    header.forEach((name, c) => {
      if (c !== lonAt && c !== latAt) properties[name] = row[c];
    });
    features.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } });
  }
  return features;
}

async function readShapefile(file: string, options: ReadOptions): Promise<Feature[]> {
  const base = file.replace(/\.shp$/i, '');
  const sibling = (ext: string) =>
    [`${base}.${ext}`, `${base}.${ext.toUpperCase()}`].find((path) => existsSync(path));
  const dbf = sibling('dbf');
  const cpg = sibling('cpg');
  const prj = sibling('prj');
  const encoding = options.encoding ?? (cpg ? readFileSync(cpg, 'utf8').trim() : 'utf-8');
  let collection: FeatureCollection;
  try {
    collection = await shapefile.read(readFileSync(file), dbf ? readFileSync(dbf) : undefined, {
      encoding: /^(936|cp936|gb2312)$/i.test(encoding) ? 'gbk' : encoding,
    });
  } catch (error) {
    throw unreadable(file, `not a readable Shapefile (${(error as Error).message})`);
  }
  const crs = options.crs ?? (prj ? parseCrs(readFileSync(prj, 'utf8')) : WGS84);
  return checkLonLat(file, featuresToWgs84(collection.features, crs));
}

/** Writes features (in WGS84) to a file, or to stdout when `file` is `-`. */
export async function writeFeatures(
  file: string,
  features: Feature[],
  options: WriteOptions = {},
): Promise<void> {
  const text = featuresToText(
    features,
    { ...options, format: options.format ?? (file === '-' ? 'geojson' : undefined) },
    file,
  );
  if (file === '-') process.stdout.write(text);
  else await writeFile(file, text);
}

/**
 * Features (in WGS84) as the text of a file in `options.format` (or the format `file` implies).
 * GeoJSON is written one feature per line, so that plans diff well under version control.
 */
export function featuresToText(features: Feature[], options: WriteOptions = {}, file = ''): string {
  const format: Format | undefined = options.format ?? formatOfFile(file);
  if (format === undefined || format === 'shapefile') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `${file}: cannot write this file type: name it .geojson, .ndjson, .csv or .topojson`,
    );
  }
  const keep = options.coordinates ?? true;
  const out = keep
    ? featuresFromWgs84(features, options.crs ?? WGS84)
    : features.map((f) => ({ ...f, geometry: null }) as unknown as Feature);
  switch (format) {
    case 'geojson':
      return `{"type":"FeatureCollection","features":[\n${out.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
    case 'ndjson':
      return out.map((f) => `${JSON.stringify(f)}\n`).join('');
    case 'csv':
      return featuresToCsv(out);
    case 'topojson': {
      if (!keep)
        return `${JSON.stringify({ type: 'Topology', objects: { features: { type: 'GeometryCollection', geometries: out.map((f) => ({ type: null, properties: f.properties, ...(f.id !== undefined ? { id: f.id } : {}) })) } }, arcs: [] })}\n`;
      const q = options.quantization ?? 1e6;
      const topo = topology(
        { features: { type: 'FeatureCollection', features: out } as FeatureCollection },
        q > 0 ? q : undefined,
      );
      return `${JSON.stringify(topo)}\n`;
    }
  }
}

function featuresToCsv(features: Feature[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of features)
    for (const key of Object.keys(f.properties ?? {}))
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
  const points = features.some((f) => f.geometry?.type === 'Point');
  const header = points ? [...columns, 'lon', 'lat'] : columns;
  const lines = [header.map(csvCell).join(',')];
  for (const f of features) {
    const cells = columns.map((c) => csvCell(f.properties?.[c]));
    if (points) {
      const p = f.geometry?.type === 'Point' ? f.geometry.coordinates : undefined;
      cells.push(p ? String(p[0]) : '', p ? String(p[1]) : '');
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
