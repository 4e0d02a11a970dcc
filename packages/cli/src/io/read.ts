import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkOptions, ErrorCode, featuresOf, WanggeError } from '@wangge/core';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as shapefile from 'shapefile';
import { feature as topoFeature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { type Crs, parseCrs, WGS84 } from '../crs';
import { csvToFeatures } from './csvPoints';
import { type Format, formatOfFile, kindOf } from './formats';
import { toWgs84 } from './lonlat';
import { shapeProblem } from './shape';
import { decodeBytes, encodingName } from './text';
import { checkTopology } from './topology';
import { locationOf, type Origin, setOrigin, unreadable } from './where';

export { lonLatColumns } from './csvPoints';
export { locationOf, rowProblem, whereOf } from './where';

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
   * code; `keep` returns it with `geometry: null`, for the caller to list with its line.
   * A file in metres read as degrees always throws, with the `--crs` to pass.
   * @default 'throw'
   */
  badRows?: 'throw' | 'keep';
  /** Hears warnings about the file (encoding guessed, coordinates implausible for the CRS). @default undefined */
  onWarning?: (message: string) => void;
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
