import { existsSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { Run } from '../helpers';
import { tinyPlan } from '../helpers';
import { collection, householdsCsv, smallPlan } from './fixtures';

/** A file of a case folder: its content, or a hard or symbolic link to another file of the folder. */
export type CaseFile = string | Uint8Array | { link: string } | { symlink: string };

/**
 * One kind of bad or careless input. Arguments and expectations name files of the case folder as
 * `@name`; the runner puts the folder's path in their place.
 */
export interface BadCase {
  name: string;
  /** Files added to (or replacing) the folder's usual ones; a link names the file it links to. */
  files?: Record<string, CaseFile>;
  args: string[];
  status: 0 | 1 | 2;
  /** Text the messages (stderr and stdout) must contain: the file, the feature or line, the fix. */
  names?: string[];
  /** Text no output may contain. */
  absent?: string[];
  stdin?: string;
  /** Further checks on the run. */
  check?: (run: Run, at: (name: string) => string) => void;
}

const plan = tinyPlan();
const withPlan = (edit: (features: ReturnType<typeof tinyPlan>) => unknown[]) =>
  collection(edit(structuredClone(plan)));
const small = smallPlan();
/** A plan where longitude and latitude are both valid either way round, so swapped points still parse. */
const swappable = smallPlan([45.2, 40.3]);

/** Outputs that name an input: refused before any work, the input untouched (issue 12, 8 subcommands). */
export const inputsSacred: BadCase[] = [
  {
    name: 'partition -o its own boundary',
    args: ['partition', '@street.geojson', '--level', 'regular:250', '-o', '@street.geojson'],
    status: 2,
    names: ['@street.geojson', 'is also an input'],
  },
  {
    name: 'report -o the households file',
    args: ['report', '@plan.geojson', '--households', '@households.csv', '-o', '@households.csv'],
    status: 2,
    names: ['@households.csv', 'is also an input'],
  },
  {
    name: 'assign --plan-out the households file',
    args: ['assign', '@plan.geojson', '@households.csv', '--plan-out', '@households.csv'],
    status: 2,
    names: ['@households.csv', 'never overwrites an input'],
  },
  {
    name: 'balance --moves the units file (a CSV into the GeoJSON input)',
    args: [
      'balance',
      '@plan.geojson',
      '@units.geojson',
      '--target',
      '3=1..2',
      '-o',
      '@new.geojson',
      '--moves',
      '@units.geojson',
    ],
    status: 2,
    names: ['@units.geojson'],
    check: (_, at) => expectMissing(at('new.geojson')),
  },
  {
    name: 'balance -o the plan',
    args: ['balance', '@plan.geojson', '@units.geojson', '--target', '3=1..2', '-o', '@plan.geojson'],
    status: 2,
    names: ['@plan.geojson'],
  },
  {
    name: 'diff -o the plan before',
    args: ['diff', '@plan.geojson', '@after.geojson', '-o', '@plan.geojson'],
    status: 2,
    names: ['@plan.geojson'],
  },
  {
    name: 'diff --changes the households file',
    args: [
      'diff',
      '@plan.geojson',
      '@after.geojson',
      '--households',
      '@households.csv',
      '--changes',
      '@households.csv',
    ],
    status: 2,
    names: ['@households.csv'],
  },
  {
    name: 'crosswalk -o the second plan',
    args: ['crosswalk', '@plan.geojson', '@after.geojson', '-o', '@after.geojson'],
    status: 2,
    names: ['@after.geojson'],
  },
  {
    name: 'render --html the plan',
    args: ['render', '@plan.geojson', '--html', '@plan.geojson'],
    status: 2,
    names: ['--html', 'plan.geojson'],
  },
  {
    name: 'render -o the defects file renamed .svg',
    files: { 'defects.svg': collection([]) },
    args: ['render', '@plan.geojson', '--defects', '@defects.svg', '-o', '@defects.svg'],
    status: 2,
    names: ['@defects.svg'],
  },
  {
    name: 'check --out the plan',
    args: ['check', '@plan.geojson', '--out', '@plan.geojson'],
    status: 2,
    names: ['@plan.geojson'],
  },
  {
    name: 'check --write-baseline the baseline it reads',
    files: { 'baseline.json': '{"accepted":[]}' },
    args: ['check', '@plan.geojson', '--baseline', '@baseline.json', '--write-baseline', '@baseline.json'],
    status: 2,
    names: ['@baseline.json'],
  },
  {
    name: 'convert -o the input spelled differently (./, ..)',
    args: ['convert', '@plan.geojson', '-o', '@sub/../plan.geojson'],
    files: { 'sub/keep.txt': '' },
    status: 2,
    names: ['plan.geojson', 'is also an input'],
  },
  {
    name: 'convert -o a hard link to the input',
    args: ['convert', '@plan.geojson', '-o', '@hard.geojson'],
    files: { 'hard.geojson': { link: 'plan.geojson' } },
    status: 2,
    names: ['@hard.geojson', 'is also an input'],
  },
  {
    name: 'convert -o a symbolic link to the input',
    args: ['convert', '@plan.geojson', '-o', '@soft.geojson'],
    files: { 'soft.geojson': { symlink: 'plan.geojson' } },
    status: 2,
    names: ['@soft.geojson', 'is also an input'],
  },
  {
    name: 'the .dbf of an input Shapefile as an output',
    files: { 'parcels.shp': 'shp', 'parcels.dbf': 'dbf' },
    args: ['convert', '@parcels.shp', '--to', 'csv', '-o', '@parcels.dbf'],
    status: 2,
    names: ['@parcels.dbf', 'is also an input'],
  },
  {
    name: 'assign -o and --plan-out the same file',
    args: ['assign', '@plan.geojson', '@households.csv', '-o', '@out.geojson', '--plan-out', '@out.geojson'],
    status: 2,
    names: ['@out.geojson', 'named twice'],
  },
];

/** Outputs that cannot be written: found before the work, exit 2 with the path and the reason. */
export const unwritable: BadCase[] = [
  {
    name: 'an output in a folder that does not exist',
    args: ['check', '@plan.geojson', '--out', '@missing/defects.geojson'],
    status: 2,
    names: ['@missing/defects.geojson', 'does not exist'],
  },
  {
    name: 'an output under /proc, as JSON',
    args: ['convert', '@plan.geojson', '-o', '/proc/wangge-test.geojson', '--json'],
    status: 2,
    names: ['/proc/wangge-test.geojson'],
    check: (run) => {
      const error = JSON.parse(run.stdout).error;
      if (error.code !== 'UNWRITABLE_OUTPUT' || error.file !== '/proc/wangge-test.geojson')
        throw new Error(`expected a JSON error object, got ${run.stdout}`);
    },
  },
  {
    name: 'an output that is a folder',
    files: { 'folder.geojson/x': '' },
    args: ['convert', '@plan.geojson', '-o', '@folder.geojson'],
    status: 2,
    names: ['@folder.geojson', 'is a folder'],
  },
  {
    name: 'an output Shapefile',
    args: ['convert', '@plan.geojson', '-o', '@plan-out.shp'],
    status: 2,
    names: ['plan-out.shp', 'read only'],
  },
  {
    name: 'an output of unknown type',
    args: ['partition', '@street.geojson', '--level', 'regular:500', '-o', '@plan.txt'],
    status: 2,
    names: ['plan.txt', '.geojson'],
  },
  {
    name: 'data and --json both on stdout',
    args: ['convert', '@plan.geojson', '--json'],
    status: 2,
    names: ['--json'],
  },
  {
    name: 'a table output with a map extension',
    args: ['diff', '@plan.geojson', '@after.geojson', '-o', '@flows.topojson'],
    status: 2,
    names: ['flows.topojson', '.csv'],
  },
];

/** Sizes checked up front: a level that would make too many grids is refused before any work. */
export const sizes: BadCase[] = [
  {
    name: 'regular cells too small for --max-grids',
    args: ['partition', '@street.geojson', '--level', 'regular:50', '--max-grids', '100', '-o', '@p.geojson'],
    status: 2,
    names: ['cells', '--max-grids'],
    check: (_, at) => expectMissing(at('p.geojson')),
  },
  {
    name: 'balanced:100000 on six households',
    args: [
      'partition',
      '@street.geojson',
      '--level',
      'balanced:100000',
      '--households',
      '@households.csv',
      '-o',
      '@p.geojson',
    ],
    status: 2,
    names: ['--max-grids'],
  },
  {
    name: 'a bad --max-grids',
    args: ['partition', '@street.geojson', '--level', 'regular:500', '--max-grids', '0'],
    status: 2,
    names: ['--max-grids', '"0"'],
  },
];

/** Answers that used to be wrong with exit 0. */
export const silentAnswers: BadCase[] = [
  {
    name: 'WGS84 points with --crs gcj02 (which names the plan): the plan moves, the warning says so',
    files: { 'small.geojson': small.plan, 'shops.csv': small.wgs84 },
    args: ['assign', '@small.geojson', '@shops.csv', '--crs', 'gcj02', '-o', '@shops-out.csv'],
    status: 1,
    names: ['drop --crs gcj02'],
  },
  {
    name: 'GCJ-02 points read as WGS84: the warning names --points-crs gcj02',
    files: { 'small.geojson': small.plan, 'shops.csv': small.gcj02 },
    args: ['assign', '@small.geojson', '@shops.csv'],
    status: 1,
    names: ['@shops.csv', '--points-crs gcj02'],
  },
  {
    name: 'GCJ-02 points with --points-crs gcj02: all placed',
    files: { 'small.geojson': small.plan, 'shops.csv': small.gcj02 },
    args: ['assign', '@small.geojson', '@shops.csv', '--points-crs', 'gcj02', '-o', '@placed.csv'],
    status: 0,
    names: ['81 of 81 placed'],
  },
  {
    name: 'WGS84 points declared --points-crs gcj02: the warning says to drop it',
    files: { 'small.geojson': small.plan, 'shops.csv': small.wgs84 },
    args: ['assign', '@small.geojson', '@shops.csv', '--points-crs', 'gcj02', '-o', '@x.csv'],
    status: 1,
    names: ['drop --points-crs gcj02'],
  },
  {
    name: 'lon and lat swapped in a households CSV: the warning says so',
    files: { 'small.geojson': swappable.plan, 'shops.csv': swappable.swapped },
    args: ['assign', '@small.geojson', '@shops.csv', '-o', '@x.csv'],
    status: 1,
    names: ['@shops.csv', 'longitude and latitude look swapped', '--lon'],
  },
  {
    name: 'lon and lat swapped in a CSV of Chinese points (latitude past 90): every row listed, exit 1',
    files: { 'small.geojson': small.plan, 'shops.csv': small.swapped },
    args: ['assign', '@small.geojson', '@shops.csv', '-o', '@x.csv'],
    status: 1,
    names: ['line 2: position [30.3004, 120.2004] is not a longitude/latitude', '81 left out'],
  },
  {
    name: 'convert --crs EPSG:4549 on lon/lat data warns',
    args: ['convert', '@plan.geojson', '--crs', 'EPSG:4549', '-o', '@metres.geojson'],
    status: 0,
    names: ['@plan.geojson', 'looks like a longitude/latitude', 'EPSG:4549'],
  },
  {
    name: 'check a plan with no grids against a real boundary fails',
    files: { 'empty.geojson': collection([]) },
    args: ['check', '@empty.geojson', '--boundary', '@boundary.geojson'],
    status: 1,
    names: ['no grids', 'FAIL'],
  },
  {
    name: 'check a plan with no grids fails',
    files: { 'empty.geojson': collection([]) },
    args: ['check', '@empty.geojson'],
    status: 1,
    names: ['no grids'],
  },
  {
    name: 'assign --weight naming no column, with -o',
    args: ['assign', '@plan.geojson', '@households.csv', '--weight', 'nope', '-o', '@w.csv'],
    status: 2,
    names: ['@households.csv', '"nope"', '--weight'],
  },
  {
    name: 'assign --weight naming no column, streamed',
    args: ['assign', '@plan.geojson', '@households.csv', '--weight', 'nope'],
    status: 2,
    names: ['@households.csv', '"nope"'],
  },
  {
    name: 'assign --weight naming no column, NDJSON streamed',
    files: {
      'points.ndjson':
        '{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[120.105,30.205]}}\n',
    },
    args: ['assign', '@plan.geojson', '@points.ndjson', '--weight', 'nope'],
    status: 2,
    names: ['@points.ndjson', '"nope"', '["n"]'],
  },
  {
    name: 'assign --sum naming no column in GeoJSON',
    args: ['assign', '@plan.geojson', '@households.geojson', '--sum', 'people=nope'],
    status: 2,
    names: ['@households.geojson', '"nope"', '--sum'],
  },
  {
    name: 'partition --load naming no column',
    args: [
      'partition',
      '@street.geojson',
      '--level',
      'balanced:2',
      '--households',
      '@households.csv',
      '--load',
      'nope',
      '-o',
      '@p.geojson',
    ],
    status: 2,
    names: ['@households.csv', '"nope"'],
  },
  {
    name: 'a GBK CSV without --encoding: read as GB18030, with a note',
    args: ['assign', '@plan.geojson', '@gbk.csv', '-o', '@gbk-out.csv'],
    status: 0,
    names: ['@gbk.csv', 'GB18030'],
    check: (_, at) => expectFileContains(at('gbk-out.csv'), '户1'),
  },
  {
    name: 'a GBK CSV without --encoding, streamed: the names decoded, with a note',
    args: ['assign', '@plan.geojson', '@gbk.csv', '--category', 'name', '--plan-out', '@counted.geojson'],
    status: 0,
    names: ['@gbk.csv', 'GB18030'],
    check: (_, at) => expectFileContains(at('counted.geojson'), '"name=户1":1'),
  },
  {
    name: 'a GBK CSV with --encoding gbk, streamed',
    args: ['assign', '@plan.geojson', '@gbk.csv', '--encoding', 'gbk', '--category', 'name'],
    status: 0,
    names: ['6 of 6 placed'],
  },
  {
    name: 'an unknown --encoding',
    args: ['assign', '@plan.geojson', '@households.csv', '--encoding', 'klingon'],
    status: 2,
    names: ['klingon'],
  },
  {
    name: 'a ;-separated CSV with a BOM, with -o',
    files: { 'semi.csv': `\uFEFF${householdsCsv(undefined, ';')}` },
    args: ['assign', '@plan.geojson', '@semi.csv', '-o', '@semi-out.csv'],
    status: 0,
    names: ['6 of 6 placed'],
  },
  {
    name: 'a ;-separated CSV with a BOM, streamed',
    files: { 'semi.csv': `\uFEFF${householdsCsv(undefined, ';')}` },
    args: ['assign', '@plan.geojson', '@semi.csv'],
    status: 0,
    names: ['6 of 6 placed'],
  },
  // Issue 14: a `;`-separated, a BOM-prefixed and a GBK household file each assign with and without -o.
  ...(
    [
      ['a ;-separated CSV', householdsCsv(undefined, ';')],
      ['a BOM-prefixed CSV', `\uFEFF${householdsCsv()}`],
      ['a GBK CSV', iconv.encode(householdsCsv(), 'gbk')],
    ] as const
  ).flatMap(([kind, content]): BadCase[] => [
    {
      name: `${kind}, with -o: every row placed, the names decoded, a clean header`,
      files: { 'in.csv': content },
      args: ['assign', '@plan.geojson', '@in.csv', '-o', '@out.csv'],
      status: 0,
      names: ['6 of 6 placed'],
      check: (_, at) => {
        const out = readFileSync(at('out.csv'), 'utf8');
        if (!out.startsWith('id') || !out.includes('户5'))
          throw new Error(`${kind}: bad output ${out.slice(0, 80)}`);
      },
    },
    {
      name: `${kind}, streamed (no -o): every row placed, counted by name`,
      files: { 'in.csv': content },
      args: ['assign', '@plan.geojson', '@in.csv', '--category', 'name', '--plan-out', '@counted.geojson'],
      status: 0,
      names: ['6 of 6 placed'],
      check: (_, at) => expectFileContains(at('counted.geojson'), '"name=户5":1'),
    },
  ]),
  {
    name: 'a grid code holding a newline and PASS is escaped in the text report',
    files: {
      'forged.geojson': withPlan((f) => {
        f[3].properties.code = 'A1\nPASS';
        f[3].geometry = f[4].geometry; // overlaps A2: the check fails
        return f;
      }),
    },
    args: ['check', '@forged.geojson'],
    status: 1,
    names: ['A1\\nPASS'],
    check: (run) => {
      if (run.stdout.split('\n').includes('PASS')) throw new Error(`a raw PASS line: ${run.stdout}`);
    },
  },
  {
    name: 'CSV on stdin with --format csv, the plan still read as GeoJSON',
    args: ['assign', '@plan.geojson', '-', '--format', 'csv'],
    stdin: householdsCsv(),
    status: 0,
    names: ['6 of 6 placed'],
  },
];

function expectMissing(file: string): void {
  if (existsSync(file)) throw new Error(`${file} was written although the run was refused`);
}

function expectFileContains(file: string, text: string): void {
  if (!readFileSync(file, 'utf8').includes(text)) throw new Error(`${file} lacks ${text}`);
}
