import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import {
  checkOptions,
  ErrorCode,
  type ErrorLocation,
  featureLocation,
  featuresOf,
  positionProblem,
  WanggeError,
} from '@wangge/core';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import * as shapefile from 'shapefile';
import { feature as topoFeature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { type Crs, featuresToWgs84, forEachPosition, parseCrs, WGS84 } from '../crs';
import { type CsvTable, parseCsvText } from './csv';
import { describeValue, type Format, formatOfFile, kindOf } from './formats';
import { shapeProblem } from './shape';
import { decodeBytes, encodingName } from './text';
import { checkTopology } from './topology';

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
  /**
   * Text encoding of a CSV, NDJSON or GeoJSON file, or of a Shapefile's `.dbf`.
   * @default a byte order mark's, a `.cpg` file's, else UTF-8, falling back to GB18030 (with a warning)
   */
  encoding?: string;
  /**
   * What to do with a row or feature whose position is not a longitude/latitude (empty, not a number,
   * out of range, wrong number of CSV fields): `throw` stops with `UNREADABLE_INPUT` or the coordinate's
   * code; `keep` returns it with `geometry: null`, for the caller to list ({@link rowProblem} says why).
   * A file in metres read as degrees always throws, with the `--crs` to pass.
   * @default 'throw'
   */
  badRows?: 'throw' | 'keep';
  /** Hears warnings about the file (encoding guessed, coordinates implausible for the CRS). @default undefined */
  onWarning?: (message: string) => void;
}

const PASS_CRS =
  'pass its CRS, e.g. --crs EPSG:4549 (CGCS2000 3° zone 120°E) for a plan or boundary, --points-crs EPSG:4549 for points';

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', '经度', 'wgs84_lon', 'point_x'];
const LAT_NAMES = ['lat', 'latitude', 'y', '纬度', 'wgs84_lat', 'point_y'];

/** Where a feature read stands in its file, and why a kept bad row is bad. */
interface Origin {
  /** Index of the feature (or data row) in the file, from 0. */
  index: number;
  /** Line of the file, for CSV and NDJSON. */
  line?: number;
  problem?: string;
}

/** Where each feature read came from, and why a kept bad row is bad. */
const origins = new WeakMap<object, Origin>();

/** Where a feature read by {@link readFeatures} stands in its file: `line 12` or `feature #3`. */
export function whereOf(feature: object, index: number): string {
  const origin = origins.get(feature);
  if (origin?.line !== undefined) return `line ${origin.line}`;
  return `feature #${origin?.index ?? index}`;
}

/** The error location of a feature read from `file`: the file, its line or index, its id or code. */
export function locationOf(file: string, feature: unknown, index: number): ErrorLocation {
  const origin = typeof feature === 'object' && feature !== null ? origins.get(feature) : undefined;
  return {
    file,
    ...featureLocation(feature, origin?.index ?? index),
    ...(origin?.line !== undefined ? { line: origin.line } : {}),
  };
}

/** Why a feature read with `badRows: 'keep'` has no geometry, or `undefined` when it is fine. */
export function rowProblem(feature: object): string | undefined {
  return origins.get(feature)?.problem;
}

/** An error about one input file: names the file and, through the wrapped error, the feature. */
function unreadable(file: string, message: string, location: ErrorLocation = {}) {
  return new WanggeError(ErrorCode.UNREADABLE_INPUT, message, { file, ...location });
}

/**
 * Reads a file (`-` for stdin) into GeoJSON features in WGS84. Throws `UNREADABLE_INPUT` naming the file,
 * and the line or feature, when it cannot be read or parsed, and `COORDINATE_OUT_OF_RANGE` (with the hint
 * to pass `crs`) when a position is not a longitude/latitude once converted.
 */
export async function readFeatures(file: string, options?: ReadOptions): Promise<Feature[]> {
  if (typeof file !== 'string') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `readFeatures: a file name is text, got ${typeof file}`);
  }
  checkOptions(options, 'readFeatures');
  const bytes = file === '-' ? await readStdin() : undefined;
  return bytesToFeatures(file, bytes, options ?? {});
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The file's bytes, or a clear error: no such file, a folder, unreadable. */
export function readBytes(file: string): Buffer {
  if (!existsSync(file)) throw unreadable(file, 'no such file: check the path');
  if (statSync(file).isDirectory()) throw unreadable(file, 'is a folder: name a file');
  try {
    return readFileSync(file);
  } catch (error) {
    throw unreadable(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

/**
 * {@link readFeatures} on bytes already read (`bytes`), or on the file when `bytes` is undefined; the
 * CLI passes its own stdin here.
 */
export async function bytesToFeatures(
  file: string,
  bytes: Uint8Array | undefined,
  options: ReadOptions = {},
): Promise<Feature[]> {
  const format = options.format ?? (file === '-' ? 'geojson' : formatOfFile(file));
  if (format === undefined) {
    throw unreadable(
      file,
      'unknown file type: name it .geojson, .ndjson, .csv, .topojson or .shp, or pass --format',
    );
  }
  if (format === 'shapefile') {
    if (file === '-') throw unreadable(file, 'a Shapefile cannot come from stdin: name the .shp file');
    return readShapefile(file, options);
  }
  const decoded = decodeBytes(file, bytes ?? readBytes(file), options.encoding);
  if (decoded.note !== undefined) options.onWarning?.(decoded.note);
  let features: Feature[];
  let fileCrs: Crs | undefined;
  if (format === 'csv') features = csvToFeatures(file, decoded.text, options);
  else if (format === 'ndjson') features = ndjsonToFeatures(file, decoded.text, options);
  else ({ features, crs: fileCrs } = jsonToFeatures(file, decoded.text, options));
  return toWgs84(file, features, options.crs ?? fileCrs ?? WGS84, options);
}

/** True when every position of the features lies within lon/lat bounds (and there is one). */
function allDegrees(features: readonly Feature[]): boolean {
  let any = false;
  let inside = true;
  for (const f of features) {
    if (!inside) break;
    forEachPosition(f.geometry, (p) => {
      any = true;
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) inside = false;
    });
  }
  return any && inside;
}

/**
 * Converts to WGS84, then checks that every position is a longitude/latitude. A projected CRS given for
 * coordinates that all look like degrees is warned about; positions that are not lon/lat once converted
 * throw (or, with `badRows: 'keep'`, drop the feature's geometry), except that a file most of whose
 * positions look like metres always throws, naming the `--crs` to pass.
 */
function toWgs84(file: string, features: Feature[], crs: Crs, options: ReadOptions): Feature[] {
  if (!crs.geographic && allDegrees(features)) {
    options.onWarning?.(
      `${file}: every coordinate looks like a longitude/latitude, yet the file is read as ${crs.name} (metres): if it is lon/lat, drop that CRS`,
    );
  }
  const converted = featuresToWgs84(features, crs);
  let metres = 0;
  let firstBad = -1;
  const out = converted.map((f, i) => {
    const origin = origins.get(features[i]) ?? { index: i };
    let position: Position | undefined;
    forEachPosition(f.geometry, (p) => {
      if (position === undefined && positionProblem(p[0], p[1]) !== null) position = p;
    });
    if (position === undefined) {
      origins.set(f, origin);
      return f;
    }
    if (firstBad < 0) firstBad = i;
    const raw = firstPosition(features[i].geometry, f.geometry, position);
    const looksProjected =
      Number.isFinite(raw[0]) &&
      Number.isFinite(raw[1]) &&
      Math.max(Math.abs(raw[0]), Math.abs(raw[1])) > 1000;
    if (looksProjected) metres++;
    const message = `position ${describeValue(raw)} is not a longitude/latitude${crs.name === 'WGS84' ? '' : ` once converted from ${crs.name}`}${
      looksProjected && crs.geographic ? `; the file looks projected (metres): ${PASS_CRS}` : ''
    }`;
    if (options.badRows !== 'keep') {
      throw new WanggeError(
        positionProblem(position[0], position[1])!,
        message,
        locationOf(file, features[i], i),
      );
    }
    const kept = { ...f, geometry: null as never };
    origins.set(kept, { ...origin, problem: message });
    return kept;
  });
  if (crs.geographic && metres > 0 && 2 * metres >= features.length) {
    throw new WanggeError(
      ErrorCode.COORDINATE_OUT_OF_RANGE,
      `${metres} of ${features.length} features have positions in metres, not degrees: ${PASS_CRS}`,
      locationOf(file, features[firstBad], firstBad),
    );
  }
  return out;
}

function setOrigin(feature: Feature, origin: Origin): void {
  origins.set(feature, origin);
}

/** The position of the raw geometry that became `converted` (same place in the same structure). */
function firstPosition(raw: Geometry | null, converted: Geometry | null, at: Position): Position {
  const rawPositions: Position[] = [];
  const convertedPositions: Position[] = [];
  forEachPosition(raw, (p) => rawPositions.push(p));
  forEachPosition(converted, (p) => convertedPositions.push(p));
  const k = convertedPositions.indexOf(at);
  return rawPositions[k] ?? at;
}

function parseJson(file: string, text: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw unreadable(
      file,
      `not valid JSON (${(error as Error).message}); fix or re-export the file`,
      line === undefined ? {} : { line },
    );
  }
}

function jsonToFeatures(
  file: string,
  text: string,
  options: ReadOptions,
): { features: Feature[]; crs?: Crs } {
  const value = parseJson(file, text) as Record<string, unknown> | null;
  const type = typeof value === 'object' && value !== null && !Array.isArray(value) ? value.type : undefined;
  let features: Feature[];
  // An echarts map object (UTF8Encoding) is decoded by featuresOf; a plain collection is returned as it is.
  if (type === 'FeatureCollection' && Array.isArray(value!.features))
    features = [...featuresOf<Feature>(value)];
  else if (type === 'Feature') features = [value as unknown as Feature];
  else if (type === 'Topology') features = topologyToFeatures(file, value as unknown as Topology);
  else if (typeof type === 'string' && shapeProblem(value) === undefined)
    features = [{ type: 'Feature', properties: {}, geometry: value as unknown as Geometry }];
  else {
    throw unreadable(
      file,
      `expected a GeoJSON FeatureCollection, Feature, geometry or a TopoJSON Topology, got ${kindOf(value)}`,
    );
  }
  features.forEach((f, i) => {
    checkFeature(file, f, { index: i }, options);
  });
  const crsName = (value?.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof crsName !== 'string') return { features };
  try {
    return { features, crs: parseCrs(crsName) };
  } catch (error) {
    throw unreadable(file, `its "crs" member: ${(error as Error).message}`);
  }
}

/** Checks a feature's structure; a bad position in a kept row drops its geometry, anything else throws. */
function checkFeature(file: string, f: unknown, origin: Origin, options: ReadOptions): void {
  const feature = f as Feature | null;
  const where = origin.line !== undefined ? { line: origin.line } : { featureIndex: origin.index };
  if (typeof feature !== 'object' || feature === null || feature.type !== 'Feature') {
    throw unreadable(file, `not a GeoJSON Feature (got ${kindOf(feature)})`, where);
  }
  const problem = shapeProblem(feature.geometry);
  if (problem === undefined) {
    setOrigin(feature, origin);
    return;
  }
  if (options.badRows === 'keep' && problem.code === ErrorCode.INVALID_COORDINATE) {
    setOrigin(feature, { ...origin, problem: `${problem.path}: ${problem.message}` });
    (feature as { geometry: Geometry | null }).geometry = null;
    return;
  }
  throw new WanggeError(problem.code, problem.message, {
    ...locationOf(file, feature, origin.index),
    ...(origin.line !== undefined ? { line: origin.line } : {}),
    path: problem.path,
  });
}

function topologyToFeatures(file: string, topo: Topology): Feature[] {
  checkTopology(file, topo);
  return Object.entries(topo.objects).flatMap(([name, object]) => {
    try {
      const converted = topoFeature(topo, object as GeometryCollection);
      return ('features' in converted ? converted.features : [converted]) as Feature[];
    } catch (error) {
      throw unreadable(
        file,
        `TopoJSON object ${JSON.stringify(name)} cannot be read (${(error as Error).message})`,
      );
    }
  });
}

const RS = String.fromCharCode(0x1e);

function ndjsonToFeatures(file: string, text: string, options: ReadOptions): Feature[] {
  const features: Feature[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    // RFC 8142 GeoJSON text sequences start each record with the record separator, U+001E.
    const record = trimmed.startsWith(RS) ? trimmed.slice(1).trim() : trimmed;
    if (record === '') return;
    const value = parseJson(file, record, i + 1) as Feature;
    const type = (value as { type?: unknown } | null)?.type;
    const feature =
      type !== 'Feature' && typeof type === 'string' && shapeProblem(value) === undefined
        ? ({ type: 'Feature', properties: {}, geometry: value as unknown as Geometry } as Feature)
        : value;
    checkFeature(file, feature, { index: features.length, line: i + 1 }, options);
    features.push(feature);
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

function csvToFeatures(file: string, text: string, options: ReadOptions): Feature[] {
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
    collection = await shapefile.read(readBytes(file), dbf ? readBytes(dbf) : undefined, {
      encoding: encodingName(encoding),
    });
  } catch (error) {
    if (error instanceof WanggeError) throw error;
    throw unreadable(file, `not a readable Shapefile (${(error as Error).message})`);
  }
  let crs = options.crs;
  if (crs === undefined && prj !== undefined) {
    try {
      crs = parseCrs(readFileSync(prj, 'utf8'));
    } catch (error) {
      throw unreadable(prj, `${(error as Error).message}; pass --crs to say what the .shp is in`);
    }
  }
  collection.features.forEach((f, i) => {
    checkFeature(file, f, { index: i }, options);
  });
  return toWgs84(file, collection.features, crs ?? WGS84, options);
}

/**
 * The start of a CSV file, for a stream to be set up from: its header, delimiter and encoding, and the
 * rows on the first MiB's complete lines (a sample). Decoded as the whole file would be.
 */
export function csvHeadOf(
  file: string,
  options: Pick<ReadOptions, 'encoding' | 'onWarning'> = {},
): CsvTable & { encoding: string } {
  if (!existsSync(file)) throw unreadable(file, 'no such file: check the path');
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let n: number;
  try {
    n = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  const whole = n < buffer.length;
  const cut = whole ? n : buffer.lastIndexOf(0x0a, n - 1) + 1 || n;
  const decoded = decodeBytes(file, buffer.subarray(0, cut), options.encoding);
  if (decoded.note !== undefined) options.onWarning?.(decoded.note);
  return { ...parseCsvText(file, decoded.text), encoding: decoded.encoding };
}
