import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { tinyPlan } from '../helpers';
import type { BadCase } from './cases';
import { collection, HOUSEHOLDS, householdsCsv } from './fixtures';

const plan = tinyPlan();
const withPlan = (edit: (features: ReturnType<typeof tinyPlan>) => unknown[]) =>
  collection(edit(structuredClone(plan)));
const deep = (() => {
  let s = '[120.1,30.2]';
  for (let i = 0; i < 200_000; i++) s = `[${s}]`;
  return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"S","level":1,"parent":null},"geometry":{"type":"Polygon","coordinates":${s}}}]}`;
})();
const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const csvWith = (extra: string) => `${householdsCsv()}${extra}`;

/** Inputs that used to crash (exit 3 or out of memory): now exit 2 naming the file and the feature. */
export const crashes: BadCase[] = [
  {
    name: 'coordinates nested 200,000 deep',
    files: { 'deep.geojson': deep },
    args: ['check', '@deep.geojson'],
    status: 2,
    names: ['@deep.geojson', 'feature #0', 'position'],
  },
  {
    name: 'a TopoJSON arc index out of range',
    files: {
      'topo.topojson': JSON.stringify({
        type: 'Topology',
        arcs: [square(120, 30, 120.01, 30.01)],
        objects: {
          grids: {
            type: 'GeometryCollection',
            geometries: [
              { type: 'Polygon', arcs: [[0]] },
              { type: 'Polygon', arcs: [[5]] },
            ],
          },
        },
      }),
    },
    args: ['convert', '@topo.topojson', '-o', '@topo.geojson'],
    status: 2,
    names: ['@topo.topojson', 'feature #1', 'arc index 5'],
  },
  {
    name: 'a TopoJSON without arcs',
    files: { 'bare.topojson': '{"type":"Topology","objects":{}}' },
    args: ['convert', '@bare.topojson', '-o', '@bare.geojson'],
    status: 2,
    names: ['@bare.topojson', 'arcs'],
  },
  {
    name: 'a boundary crossing the antimeridian: split, partitioned and checked without running out of memory',
    files: {
      'fiji.geojson': collection([
        {
          type: 'Feature',
          properties: { code: '242000001000', name: 'across 180°' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [179.99, -17],
                [-179.99, -17],
                [-179.99, -16.99],
                [179.99, -16.99],
                [179.99, -17],
              ],
            ],
          },
        },
      ]),
    },
    args: ['partition', '@fiji.geojson', '--level', 'regular:500', '-o', '@fiji-plan.geojson'],
    status: 0,
    names: ['partition:'],
  },
  {
    name: 'a polar cap',
    files: {
      'cap.geojson': collection([
        {
          type: 'Feature',
          properties: { code: 'AQ', level: 1, parent: null },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, -80],
                [120, -80],
                [-120, -80],
                [0, -80],
              ],
            ],
          },
        },
      ]),
    },
    args: ['assign', '@cap.geojson', '@households.csv'],
    status: 2,
    names: ['@cap.geojson', 'feature #0', 'pole'],
  },
  {
    name: 'a plan touching the pole (the whole-world box)',
    files: {
      'world.geojson': collection([
        {
          type: 'Feature',
          properties: { code: 'W', level: 1, parent: null },
          geometry: { type: 'Polygon', coordinates: [square(-180, -90, 180, 90)] },
        },
      ]),
    },
    args: ['report', '@world.geojson', '--households', '@households.csv'],
    status: 2,
    names: ['@world.geojson', 'pole'],
  },
];

/** Messages that used to mislead. */
export const messages: BadCase[] = [
  {
    name: '1e999 is shown as Infinity, not null',
    files: { 'inf.geojson': collection(plan).replace('[120.11,30.2]', '[1e999,30.2]') },
    args: ['assign', '@inf.geojson', '@households.csv'],
    status: 2,
    names: ['@inf.geojson', 'Infinity', 'feature #'],
    absent: ['[null'],
  },
  {
    name: '[] is an empty array, not "object"',
    files: { 'array.geojson': '[]' },
    args: ['check', '@array.geojson'],
    status: 2,
    names: ['@array.geojson', 'an empty array'],
  },
  {
    name: 'the right feature index: A1 as feature 9',
    files: {
      'nine.geojson': withPlan((f) => {
        const [a1] = f.splice(3, 1);
        const copy = (g: (typeof f)[number], code: string) => ({
          ...g,
          properties: { ...g.properties, code },
        });
        return [
          ...f,
          copy(f[3], 'A9'),
          copy(f[5], 'B9'),
          { ...a1, properties: { ...a1.properties, level: 'x' } },
        ];
      }),
    },
    args: ['assign', '@nine.geojson', '@households.csv'],
    status: 2,
    names: ['@nine.geojson', 'feature #8', 'A1'],
  },
  {
    name: 'a barrier error names the barriers file',
    files: {
      'bad-roads.geojson': collection([
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [120.11, 30.21] } },
      ]),
    },
    args: [
      'partition',
      '@street.geojson',
      '--level',
      'balanced:2',
      '--households',
      '@households.csv',
      '--barriers',
      '@bad-roads.geojson',
      '-o',
      '@p.geojson',
    ],
    status: 2,
    names: ['@bad-roads.geojson', 'feature #0'],
  },
  {
    name: 'a household error names the households file and line',
    files: { 'loads.csv': csvWith('6,x,many,0,120.105,30.205\n') },
    args: [
      'partition',
      '@street.geojson',
      '--level',
      'balanced:2',
      '--households',
      '@loads.csv',
      '--load',
      'residents',
      '-o',
      '@p.geojson',
    ],
    status: 1,
    names: ['@loads.csv', 'line 8', 'not a load'],
  },
  {
    name: 'households none of whose rows can be used',
    args: [
      'partition',
      '@street.geojson',
      '--level',
      'balanced:2',
      '--households',
      '@households.csv',
      '--load',
      'name',
      '-o',
      '@p.geojson',
    ],
    status: 2,
    names: ['@households.csv', 'none of the 6 rows', 'line 2'],
  },
  {
    name: 'a bad CSV quote is reported where it opens, not at the last line',
    files: { 'quote.csv': csvWith('9,"open,2,0,120.1,30.2\n10,x,2,0,120.1,30.2\n11,y,2,0,120.1,30.2\n') },
    args: ['assign', '@plan.geojson', '@quote.csv', '-o', '@q.csv'],
    status: 2,
    names: ['@quote.csv', 'line 8', 'quote'],
  },
  {
    name: 'a fixed level with a LineString names the level file and the feature',
    files: {
      'communities.geojson': withPlan((f) => {
        const level = f.filter((g) => g.properties.level === 2);
        (level[1] as { geometry: unknown }).geometry = {
          type: 'LineString',
          coordinates: [
            [120.11, 30.2],
            [120.12, 30.22],
          ],
        };
        return level;
      }),
    },
    args: ['partition', '@street.geojson', '--level', 'fixed:@communities.geojson', '-o', '@p.geojson'],
    status: 2,
    names: ['@communities.geojson', 'feature #1', 'LineString'],
  },
  {
    name: 'broken JSON names the file',
    files: { 'broken.geojson': '{"type":"FeatureCollection","features":[' },
    args: ['check', '@broken.geojson'],
    status: 2,
    names: ['@broken.geojson', 'not valid JSON'],
  },
  {
    name: 'a file that does not exist',
    args: ['assign', '@plan.geojson', '@nope.csv'],
    status: 2,
    names: ['@nope.csv', 'no such file'],
  },
  {
    name: 'a folder as input',
    files: { 'dir.geojson/x': '' },
    args: ['check', '@dir.geojson'],
    status: 2,
    names: ['@dir.geojson', 'folder'],
  },
  {
    name: 'an input of unknown type',
    files: { 'plan.txt': 'hello' },
    args: ['check', '@plan.txt'],
    status: 2,
    names: ['@plan.txt', '--format'],
  },
  {
    name: 'a CSV without a longitude column',
    files: { 'nolon.csv': 'id,east,lat\n1,120.1,30.2\n' },
    args: ['assign', '@plan.geojson', '@nolon.csv', '-o', '@n.csv'],
    status: 2,
    names: ['@nolon.csv', 'longitude', 'east'],
  },
  {
    name: '--lon naming no column',
    args: ['assign', '@plan.geojson', '@households.csv', '--lon', 'x_wgs'],
    status: 2,
    names: ['@households.csv', 'x_wgs'],
  },
  {
    name: 'points in metres without their CRS',
    files: { 'metres.csv': 'id,lon,lat\n1,500000,3340000\n2,500100,3340100\n' },
    args: ['assign', '@plan.geojson', '@metres.csv', '-o', '@m.csv'],
    status: 2,
    names: ['@metres.csv', 'metres', '--points-crs'],
  },
  {
    name: 'an NDJSON line that is not JSON names the line',
    files: { 'bad.ndjson': `${JSON.stringify(plan[0])}\n{oops\n` },
    args: ['convert', '@bad.ndjson', '-o', '@x.geojson'],
    status: 2,
    names: ['@bad.ndjson', 'line 2'],
  },
  {
    name: 'a grid without geometry',
    files: { 'nogeom.geojson': withPlan((f) => f.map((g, i) => (i === 2 ? { ...g, geometry: null } : g))) },
    args: ['assign', '@nogeom.geojson', '@households.csv'],
    status: 2,
    names: ['@nogeom.geojson', 'feature #2'],
  },
  {
    name: 'a LineString grid',
    files: {
      'line.geojson': withPlan((f) =>
        f.map((g, i) =>
          i === 4
            ? {
                ...g,
                geometry: {
                  type: 'LineString',
                  coordinates: [
                    [120.1, 30.2],
                    [120.2, 30.3],
                  ],
                },
              }
            : g,
        ),
      ),
    },
    args: ['diff', '@plan.geojson', '@line.geojson'],
    status: 2,
    names: ['@line.geojson', 'feature #4', 'LineString'],
  },
  {
    name: 'duplicate codes in a plan',
    files: { 'dup.geojson': withPlan((f) => [...f, { ...f[5] }]) },
    args: ['assign', '@dup.geojson', '@households.csv'],
    status: 2,
    names: ['@dup.geojson', 'feature #7', 'B1'],
  },
  {
    name: 'a missing parent',
    files: {
      'orphan.geojson': withPlan((f) =>
        f.map((g, i) => (i === 6 ? { ...g, properties: { ...g.properties, parent: 'Z' } } : g)),
      ),
    },
    args: ['report', '@orphan.geojson', '--households', '@households.csv'],
    status: 2,
    names: ['@orphan.geojson', 'feature #6', '"Z"'],
  },
  {
    name: 'a GeoJSON crs member wangge does not know',
    files: {
      'crs.geojson': JSON.stringify({
        type: 'FeatureCollection',
        crs: { properties: { name: 'EPSG:99999' } },
        features: plan,
      }),
    },
    args: ['check', '@crs.geojson'],
    status: 2,
    names: ['@crs.geojson', 'EPSG:99999'],
  },
  {
    name: 'an empty CSV',
    files: { 'empty.csv': '' },
    args: ['assign', '@plan.geojson', '@empty.csv', '-o', '@e.csv'],
    status: 2,
    names: ['@empty.csv', 'empty'],
  },
  {
    name: 'a model file that is not JSON',
    files: { 'model.json': '{ categories: ' },
    args: ['report', '@plan.geojson', '--households', '@households.csv', '--model', '@model.json'],
    status: 2,
    names: ['@model.json', 'not valid JSON'],
  },
  {
    name: 'a model of the wrong shape',
    files: { 'model.json': '{"categories": []}' },
    args: ['report', '@plan.geojson', '--households', '@households.csv', '--model', '@model.json'],
    status: 2,
    names: ['@model.json', 'categories'],
  },
  {
    name: 'a baseline of the wrong shape',
    files: { 'baseline.json': '{"accepted":[{"note":"no id"}]}' },
    args: ['check', '@plan.geojson', '--baseline', '@baseline.json'],
    status: 2,
    names: ['@baseline.json', 'accepted[0]'],
  },
  {
    name: 'units that are points',
    args: ['balance', '@plan.geojson', '@households.geojson', '--target', '3=1..2', '-o', '@b.geojson'],
    status: 2,
    names: ['@households.geojson', 'feature #0', 'Point'],
  },
  {
    name: 'a boundary file of several features',
    args: ['partition', '@plan.geojson', '--level', 'regular:500', '-o', '@p.geojson'],
    status: 2,
    names: ['@plan.geojson', 'one polygon feature'],
  },
  {
    name: 'households that are polygons',
    args: ['check', '@plan.geojson', '--households', '@units.geojson'],
    status: 2,
    names: ['@units.geojson', 'feature #0', 'Polygon'],
  },
  {
    name: 'an invalid UTF-8 and GB18030 file with --encoding utf-8',
    files: { 'latin.csv': iconv.encode('id,name,lon,lat\n1,café,120.105,30.205\n', 'latin1') },
    args: ['assign', '@plan.geojson', '@latin.csv', '--encoding', 'utf-8', '-o', '@l.csv'],
    status: 2,
    names: ['@latin.csv', 'utf-8', '--encoding'],
  },
];

/** Bad rows: listed with their line, exit 1, the rest processed, with and without -o, everywhere. */
export const badRows: BadCase[] = [
  ...(['-o', ''] as const).map(
    (o): BadCase => ({
      name: `assign with rows of empty, text and out-of-range coordinates${o ? ', with -o' : ', streamed'}`,
      files: { 'rows.csv': csvWith('6,x,2,0,,\n7,y,2,0,abc,30.2\n8,z,2,0,1e999,30.2\n9,w,2,0,120.105,95\n') },
      args: ['assign', '@plan.geojson', '@rows.csv', ...(o ? [o, '@rows-out.csv'] : [])],
      status: 1,
      names: ['6 of 10 placed', 'line 8', 'line 9', 'line 10', 'line 11'],
      check: o
        ? (_, at) => {
            const lines = readFileSync(at('rows-out.csv'), 'utf8').trim().split('\n');
            if (lines.length !== 11) throw new Error(`every row kept: ${lines.length - 1} of 10`);
          }
        : undefined,
    }),
  ),
  {
    name: 'report with a row without coordinates',
    files: { 'rows.csv': csvWith('6,x,2,0,,\n') },
    args: ['report', '@plan.geojson', '--households', '@rows.csv', '-o', '@load.csv'],
    status: 1,
    names: ['@rows.csv', 'line 8', 'left out'],
  },
  {
    name: 'diff with a row without coordinates',
    files: { 'rows.csv': csvWith('6,x,2,0,,\n') },
    args: ['diff', '@plan.geojson', '@after.geojson', '--households', '@rows.csv', '-o', '@flows.csv'],
    status: 1,
    names: ['@rows.csv', 'line 8'],
  },
  {
    name: 'partition with a row without coordinates',
    files: { 'rows.csv': csvWith('6,x,2,0,,\n') },
    args: [
      'partition',
      '@street.geojson',
      '--level',
      'balanced:2',
      '--households',
      '@rows.csv',
      '-o',
      '@p.geojson',
    ],
    status: 1,
    names: ['@rows.csv', 'line 8'],
  },
  {
    name: 'check --households with a row with too many fields',
    files: { 'rows.csv': csvWith('6,x,2,0,120.1,30.2,extra\n') },
    args: ['check', '@plan.geojson', '--households', '@rows.csv'],
    status: 1,
    names: ['@rows.csv', 'line 8', '7 fields'],
  },
  {
    name: 'crosswalk with a GeoJSON household whose position is text',
    files: {
      'points.geojson': collection([
        ...HOUSEHOLDS.map(([x, y]) => ({
          type: 'Feature',
          properties: {},
          geometry: { type: 'Point', coordinates: [x, y] },
        })),
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: ['120.1', '30.2'] } },
      ]),
    },
    args: ['crosswalk', '@plan.geojson', '@after.geojson', '--households', '@points.geojson'],
    status: 1,
    names: ['@points.geojson', 'feature #6'],
  },
];

/** Mistakes on the command line: exit 2 with the option and what would work. */
export const usage: BadCase[] = [
  {
    name: 'an unknown option',
    args: ['check', '@plan.geojson', '--frobnicate'],
    status: 2,
    names: ['--frobnicate'],
  },
  { name: 'no file', args: ['assign', '@plan.geojson'], status: 2, names: ['expected 2 file arguments'] },
  {
    name: 'a bad --level',
    args: ['partition', '@street.geojson', '--level', 'regular:-5', '-o', '@p.geojson'],
    status: 2,
    names: ['regular:-5'],
  },
  {
    name: 'a bad --width',
    args: ['render', '@plan.geojson', '--width', 'wide'],
    status: 2,
    names: ['--width', '"wide"'],
  },
  {
    name: 'a bad --target',
    args: ['report', '@plan.geojson', '--households', '@households.csv', '--target', '3=500..300'],
    status: 2,
    names: ['--target', '3=500..300'],
  },
  {
    name: 'a negative --gap-area',
    args: ['check', '@plan.geojson', '--gap-area', '-1'],
    status: 2,
    names: ['--gap-area'],
  },
  {
    name: 'an unknown --crs',
    args: ['check', '@plan.geojson', '--crs', 'mars2000'],
    status: 2,
    names: ['mars2000'],
  },
  {
    name: 'an unknown --out-crs',
    args: ['convert', '@plan.geojson', '--out-crs', 'EPSG:99999', '-o', '@x.geojson'],
    status: 2,
    names: ['EPSG:99999'],
  },
  {
    name: 'a --table without a name',
    args: ['report', '@plan.geojson', '--table', '@households.csv'],
    status: 2,
    names: ['--table'],
  },
  {
    name: 'an unknown --format',
    args: ['check', '-', '--format', 'xml'],
    status: 2,
    names: ['--format', '"xml"'],
  },
  {
    name: 'an unknown --to',
    args: ['convert', '@plan.geojson', '--to', 'shapefile', '-o', '@x.shp'],
    status: 2,
    names: ['--to'],
  },
  {
    name: '--html and --no-html together',
    args: ['render', '@plan.geojson', '--html', '@x.html', '--no-html'],
    status: 2,
    names: ['conflict'],
  },
  {
    name: 'a bad --code-style',
    args: ['check', '@plan.geojson', '--code-style', 'roman'],
    status: 2,
    names: ['--code-style', '"roman"'],
  },
];
