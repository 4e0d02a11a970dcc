import { checkOptions, ErrorCode, WanggeError } from '@wangge/core';
import type { Feature, FeatureCollection } from 'geojson';
import { topology } from 'topojson-server';
import { type Crs, featuresFromWgs84, WGS84 } from '../crs';
import { OutputFiles } from '../internal/files';
import { type Format, formatOfFile } from './formats';

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

/**
 * Writes features (in WGS84) to a file, atomically (a temporary file beside it, then renamed), or to
 * stdout when `file` is `-`. Throws `UNWRITABLE_OUTPUT` naming the file when it cannot be written.
 */
export async function writeFeatures(
  file: string,
  features: Feature[],
  options: WriteOptions = {},
): Promise<void> {
  if (typeof file !== 'string') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `writeFeatures: a file name is text, got ${typeof file}`);
  }
  const text = featuresToText(
    features,
    { ...options, format: options.format ?? (file === '-' ? 'geojson' : undefined) },
    file,
  );
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  const files = OutputFiles.reserve([], [file]);
  try {
    files.write(file, text);
  } finally {
    files.discard();
  }
}

/**
 * Features (in WGS84) as the text of a file in `options.format` (or the format `file` implies).
 * GeoJSON is written one feature per line, so that plans diff well under version control.
 */
export function featuresToText(features: Feature[], options?: WriteOptions, file = ''): string {
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'object' && f !== null)) {
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'featuresToText: expected an array of GeoJSON Features');
  }
  checkOptions(options, 'featuresToText');
  options ??= {};
  if (typeof file !== 'string')
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'featuresToText: file is text');
  const format: Format | undefined = options.format ?? formatOfFile(file);
  if (format === undefined || format === 'shapefile') {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'cannot write this file type: name it .geojson, .ndjson, .csv or .topojson',
      { file },
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
