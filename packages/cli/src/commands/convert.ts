import { type Command, inputOptions, outputOptions } from '../internal/command';
import { readInput } from '../internal/inputs';
import { writeOutput } from '../internal/outputs';

/** `wangge convert`: between formats and coordinate systems, or to a plan without coordinates. */
export const convert: Command = {
  name: 'convert',
  usage: 'wangge convert <in> -o <out> [--crs <crs>] [--out-crs <crs>] [--no-coordinates]',
  description: [
    'Reads any supported file and writes it in the format its output name implies (.geojson, .ndjson,',
    '.csv, .topojson), converting coordinates from --crs to --out-crs. With --no-coordinates only the',
    'properties are written (codes, names, counts): a plan to share where exact boundaries are sensitive.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'output file, - for stdout',
      default: '-',
      output: 'features',
    },
    ...inputOptions,
    crs: {
      ...inputOptions.crs,
      description:
        'CRS of the input file: WGS84, CGCS2000, GCJ02, BD09, EPSG:<code>, a proj4 string or WKT (a warning when its coordinates cannot be in it)',
    },
    ...outputOptions,
  },
  examples: [
    [
      'AMap (GCJ-02) points in a CSV to WGS84 GeoJSON',
      'wangge convert shops.csv --crs gcj02 -o shops.geojson',
    ],
    [
      'a plan as TopoJSON in CGCS2000 3° Gauss-Krüger zone CM 120°E',
      'wangge convert plan.geojson --out-crs EPSG:4549 -o plan.topojson',
    ],
    ['codes, names and counts only', 'wangge convert plan.geojson --no-coordinates -o plan-table.csv'],
  ],
  positionals: [1, 1],
  defaults(values) {
    values.out ??= '-';
  },
  async run(ctx) {
    const { values, positionals } = ctx;
    const [input] = positionals;
    const out = values.out as string;
    const features = await readInput(ctx, input, 'plan');
    writeOutput(ctx, out, features);
    const kinds: Record<string, number> = {};
    for (const f of features) {
      const type = f.geometry?.type ?? 'null';
      kinds[type] = (kinds[type] ?? 0) + 1;
    }
    const human =
      out === '-'
        ? []
        : [
            `convert: ${features.length} features (${Object.entries(kinds)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')}) ${input} → ${out}`,
          ];
    return {
      status: 0,
      human,
      json: { input, output: out, features: features.length, geometryTypes: kinds },
    };
  },
};
