import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** Properties of a US county or state from us-atlas: `name`, with the FIPS code as the feature id. */
export interface AtlasProperties {
  name: string;
}

const require = createRequire(import.meta.url);

function loadAtlas(file: string, object: string): FeatureCollection<Polygon | MultiPolygon, AtlasProperties> {
  const topology = JSON.parse(readFileSync(require.resolve(`us-atlas/${file}`), 'utf8')) as Topology;
  const collection = feature(topology, topology.objects[object] as GeometryCollection<AtlasProperties>);
  return collection as FeatureCollection<Polygon | MultiPolygon, AtlasProperties>;
}

/**
 * The ~3,200 US counties from the `us-atlas` npm package (1:10m, lon/lat), converted from TopoJSON,
 * so their shared edges coincide exactly: a real-world coverage for tests and benchmarks.
 */
export function loadUsCounties(): FeatureCollection<Polygon | MultiPolygon, AtlasProperties> {
  return loadAtlas('counties-10m.json', 'counties');
}

/** The US states from `us-atlas` (1:10m, lon/lat). */
export function loadUsStates(): FeatureCollection<Polygon | MultiPolygon, AtlasProperties> {
  return loadAtlas('states-10m.json', 'states');
}
