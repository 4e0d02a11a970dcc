import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  aboutFile,
  type Command,
  type CommandContext,
  inputOptions,
  numberOption,
  pointsCrsOption,
  UsageError,
  type Values,
} from '../internal/command';
import { OutputFiles } from '../internal/files';
import { readInput } from '../internal/inputs';
import { readStaff, type StaffMember } from '../internal/register';
import { layoutPlan, planToHtml, planToSheets, planToTree, type RenderOptions, sheetsToPdf } from '../render';
import { parseLabelFields } from '../render/fields';
import { LAYER_STYLES, type LayerStyle } from '../render/layers';
import type { LayerInput } from '../render/overview';
import { defaultChromium } from '../render/pdf';

/** Label fields that print a person, which `--no-persons` forbids and `--staff` feeds. */
const PERSON_FIELDS = ['worker', 'persons', 'phone'];

/** `wangge render`: the overview map, per-grid sheets with one PDF, and the tree of levels. */
export const render: Command = {
  name: 'render',
  usage:
    'wangge render <plan> [-o map.svg] [--label code,area,worker] [--layer roads.geojson]... [--symbols units.csv] [--staff staff.csv] [--sheets dir] [--tree tree.svg]',
  description: [
    'Draws the overview: every leaf grid filled so that neighbours never share a colour (DSATUR on the',
    'adjacency graph), labelled with register fields where the label fits (--label: code, name, area,',
    'households, residents, worker, persons, phone or any property); base layers (--layer: roads,',
    'buildings, water) under the boundaries of parent grids, drawn heavier by level; entities as symbols',
    'by category (--symbols: key units, 九小场所, schools); defects (e.g. from `wangge check --out`)',
    'hatched in red (failing) or outlined in orange (warnings, accepted); and a legend with a scale bar.',
    'Writes the SVG next to the plan (or to -o) and beside it a self-contained HTML page: pan with drag,',
    'zoom with the wheel, smaller labels appearing as you zoom in, details on hover.',
    '',
    '--sheets <dir> writes a sheet per leaf grid (网格公示牌), <dir>/<code>.svg, and all of them in',
    '<dir>/sheets.pdf, printed by headless Chromium: the grid among its neighbours and its parent',
    "outline over the base layers, its code and name, the register's fields (area, households,",
    'residents, neighbours), the persons and phones from the staff table (--staff, a CSV or JSON of',
    'name, role, phone, grids), a scale bar and a north arrow. --tree writes the tree of levels (树状图)',
    'as an SVG and a text outline. --no-persons prints no name or phone anywhere; no map or sheet ever',
    'prints a coordinate.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file.svg>',
      description: 'SVG output',
      default: '<plan>.svg',
      output: 'svg',
    },
    html: {
      type: 'string',
      arg: '<file.html>',
      description: 'the self-contained HTML page (pan, zoom, hover)',
      default: 'the SVG name with .html',
      output: 'html',
    },
    'no-html': { type: 'boolean', description: 'write the SVG only' },
    label: {
      type: 'string',
      arg: '<fields>',
      multiple: true,
      description:
        "fields on each grid's label, comma-separated: code, name, area (area:m2, area:ha, area:km2), households, residents, worker, persons, phone, or a property",
      default: 'code,households',
    },
    count: {
      type: 'string',
      arg: '<property>',
      description: 'property holding the household count',
      default: 'households',
    },
    staff: {
      type: 'string',
      arg: '<file>',
      description: 'staff table (CSV or JSON rows: name, role, phone, grids as codes separated by ;)',
      input: true,
    },
    'no-persons': { type: 'boolean', description: 'print no name or phone of any person, on any map' },
    symbols: {
      type: 'string',
      arg: '<file>',
      description: 'points drawn as symbols by category: key units, 九小场所, schools, shops',
      input: true,
    },
    'symbol-category': {
      type: 'string',
      arg: '<property>',
      description: "the points' category column",
      default: 'category, kind, type, 类别 or 类型',
    },
    layer: {
      type: 'string',
      arg: '[<style>=]<file>',
      multiple: true,
      description: `base layer of lines or polygons, repeatable; style ${LAYER_STYLES.join(', ')}`,
      default: 'style from the file name (roads, buildings, water, park...), else line or area',
      input: (value) => layerSpec(value).file,
    },
    defects: {
      type: 'string',
      arg: '<file>',
      description: 'defects to highlight, e.g. from `wangge check --out`',
      input: true,
    },
    sheets: {
      type: 'string',
      arg: '<dir>',
      description: 'write a sheet per leaf grid (网格公示牌): <dir>/<code>.svg and <dir>/sheets.pdf',
    },
    grids: {
      type: 'string',
      arg: '<codes>',
      description: 'sheets of these leaf grids only, comma-separated',
      default: 'every leaf grid',
    },
    paper: {
      type: 'string',
      arg: '<size>',
      description: 'paper of the sheets: a4-landscape, a4-portrait, a3-landscape, a3-portrait',
      default: 'a4-landscape',
    },
    'no-pdf': { type: 'boolean', description: 'write the SVG sheets only, no PDF (needs no Chromium)' },
    chromium: {
      type: 'string',
      arg: '<path>',
      description: 'the Chromium that prints the PDF',
      default: '$WANGGE_CHROMIUM, else /usr/bin/chromium',
    },
    tree: {
      type: 'string',
      arg: '<file.svg>',
      description: 'write the tree of levels (树状图) as SVG, and its text outline beside it (.txt)',
      output: 'svg',
    },
    width: { type: 'string', arg: '<px>', description: 'width of the map in pixels', default: '1000' },
    title: {
      type: 'string',
      arg: '<text>',
      description: 'title in the legend',
      default: 'name of the top grid',
    },
    ...inputOptions,
    ...pointsCrsOption,
  },
  examples: [
    [
      'a map of a plan, with the defects check found, as SVG and HTML',
      'wangge render plan.geojson --defects defects.geojson -o plan.svg --html plan.html',
    ],
    [
      'the overview with streets, buildings and key units, each grid with its area and worker',
      'wangge render plan-counted.geojson --layer roads.geojson --layer buildings.geojson --symbols units.csv --staff staff.csv --label code,worker,households,area',
    ],
    [
      'a notice per grid to post in the community, printed on A4 landscape, and the tree of levels',
      'wangge render plan-counted.geojson --layer roads.geojson --staff staff.csv --sheets sheets --tree tree.svg',
    ],
  ],
  positionals: [1, 1],
  defaults(values, [input]) {
    if (values.html !== undefined && values['no-html'] === true) {
      throw new UsageError('--html and --no-html conflict');
    }
    const base = input === '-' ? 'plan' : input.replace(/\.[^./]+$/, '');
    values.out ??= `${base}.svg`;
    if (values['no-html'] !== true) {
      values.html ??= (values.out as string).replace(/\.svg$/i, '.html');
    }
  },
  async run(ctx) {
    const { values, positionals } = ctx;
    const [input] = positionals;
    const svgFile = values.out as string;
    const html = values.html as string | undefined;
    const tree = values.tree as string | undefined;
    const sheetsDir = values.sheets as string | undefined;
    for (const flag of ['grids', 'paper', 'no-pdf', 'chromium']) {
      if (values[flag] !== undefined && sheetsDir === undefined)
        throw new UsageError(`--${flag} needs --sheets`);
    }
    const label = parseLabelFields((values.label as string[] | undefined) ?? ['code,households']);
    const persons = values['no-persons'] !== true;
    const wantsPerson = label.find((f) => PERSON_FIELDS.includes(f));
    if (wantsPerson !== undefined && !persons)
      throw new UsageError(`--label ${wantsPerson} prints a person, which --no-persons forbids`);
    if (wantsPerson !== undefined && values.staff === undefined)
      throw new UsageError(`--label ${wantsPerson} needs the staff table: pass --staff <file>`);
    const layerSpecs = ((values.layer as string[] | undefined) ?? []).map(layerSpec);

    const features = await readInput(ctx, input, 'plan');
    const staff: StaffMember[] | undefined =
      persons && values.staff !== undefined ? readStaff(values.staff as string) : undefined;
    const layers: LayerInput[] = [];
    for (const spec of layerSpecs) {
      const name = basename(spec.file).replace(/\.[^.]+$/, '');
      layers.push({ name, style: spec.style, features: await readInput(ctx, spec.file, 'plan') });
    }
    const options: RenderOptions = {
      defects: values.defects === undefined ? [] : await readInput(ctx, values.defects as string, 'plan'),
      width: numberOption(values, 'width', { min: 200, max: 20_000 }),
      countProperty: values.count as string | undefined,
      title: values.title as string | undefined,
      label,
      staff,
      symbols: values.symbols === undefined ? [] : await readInput(ctx, values.symbols as string, 'points'),
      symbolProperty: values['symbol-category'] as string | undefined,
      layers,
    };
    // The files whose names only the plan tells (the sheets, the tree's outline), reserved like the others
    // before anything is drawn or written.
    const inputs = [
      input,
      values.staff,
      values.symbols,
      values.defects,
      ...layerSpecs.map((l) => l.file),
    ].filter((f): f is string => typeof f === 'string');
    const sheets = sheetsDir === undefined ? undefined : sheetFiles(features, values, sheetsDir);
    const treeText = tree?.replace(/\.svg$/i, '.txt');
    if (sheetsDir !== undefined) mkdirSync(sheetsDir, { recursive: true });
    const extra = OutputFiles.reserve(inputs, [
      ...(treeText === undefined ? [] : [treeText]),
      ...(sheets?.files ?? []),
      ...(sheets?.pdf === undefined || sheets.pdf === null ? [] : [sheets.pdf]),
    ]);
    try {
      ctx.phase('laying out the map');
      const layout = await aboutFile(input, () => layoutPlan(features, options));
      ctx.write(svgFile, layout.svg);
      if (html !== undefined) ctx.write(html, planToHtml(features, options));
      const written = [svgFile, ...(html === undefined ? [] : [html])];
      const human = [
        `render: ${layout.grids} grids in ${layout.colours} colours, ${layout.labelled} labelled, ${options.defects!.length} defects highlighted${layout.symbols > 0 ? `, ${layout.symbols} symbols` : ''}`,
      ];
      const json: Record<string, unknown> = {
        input,
        svg: svgFile,
        html: html ?? null,
        grids: layout.grids,
        labelled: layout.labelled,
        colours: layout.colours,
        defects: options.defects!.length,
        symbols: layout.symbols,
      };
      if (sheets !== undefined) {
        ctx.phase('drawing the sheets');
        json.sheets = await writeSheets(ctx, features, options, sheets, extra, human);
      }
      if (tree !== undefined && treeText !== undefined) {
        const drawn = planToTree(features, { countProperty: options.countProperty });
        ctx.write(tree, drawn.svg);
        extra.write(treeText, drawn.text);
        written.push(tree, treeText);
        human.push(`  tree of levels: ${drawn.nodes} grids`);
        json.tree = { svg: tree, text: treeText, nodes: drawn.nodes };
      }
      human.push(`  wrote ${written.join(', ')}`);
      return { status: 0, human, json };
    } finally {
      extra.discard();
    }
  },
};

/** The sheets a run draws: the leaf grids asked for, each sheet's file, and the PDF (`null` with --no-pdf). */
interface SheetFiles {
  dir: string;
  paper: string;
  persons: boolean;
  grids: string[] | undefined;
  codes: string[];
  files: string[];
  pdf: string | null;
}

function sheetFiles(features: Parameters<typeof planToSheets>[0], values: Values, dir: string): SheetFiles {
  const grids =
    values.grids === undefined
      ? undefined
      : (values.grids as string)
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== '');
  const parents = new Set(features.map((f) => f.properties?.parent).filter((p) => typeof p === 'string'));
  const leaves = features
    .filter((f) => /Polygon/.test(f.geometry?.type ?? '') && !parents.has(f.properties?.code))
    .map((f) => String(f.properties?.code ?? ''));
  const codes = grids ?? leaves;
  const names = new Map<string, string>();
  for (const code of codes) {
    const name = `${code.replace(/[/\\:*?"<>|\s]+/g, '_') || 'grid'}.svg`;
    if (names.has(name))
      throw new UsageError(`the sheets of ${names.get(name)} and ${code} would both be ${join(dir, name)}`);
    names.set(name, code);
  }
  return {
    dir,
    paper: (values.paper as string | undefined) ?? 'a4-landscape',
    persons: values['no-persons'] !== true,
    grids,
    codes,
    files: [...names.keys()].map((name) => join(dir, name)),
    pdf: values['no-pdf'] === true ? null : join(dir, 'sheets.pdf'),
  };
}

/** Draws and writes the sheets: an SVG per grid and, unless `--no-pdf`, the PDF of them all. */
async function writeSheets(
  ctx: CommandContext,
  features: Parameters<typeof planToSheets>[0],
  options: RenderOptions,
  target: SheetFiles,
  out: OutputFiles,
  human: string[],
): Promise<Record<string, unknown>> {
  const { paper, persons, grids } = target;
  const sheets = planToSheets(features, { ...options, paper, persons, grids });
  sheets.forEach((sheet, i) => {
    out.write(target.files[i], sheet.svg);
  });
  if (target.pdf !== null) {
    ctx.phase('printing the PDF');
    const chromium = (ctx.values.chromium as string | undefined) ?? defaultChromium();
    out.write(
      target.pdf,
      await sheetsToPdf(
        sheets.map((s) => s.svg),
        { paper, chromium },
      ),
    );
  }
  const dropped = sheets.reduce((s, sheet) => s + sheet.labels.dropped, 0);
  human.push(
    `  ${sheets.length} sheets on ${paper} in ${target.dir}${target.pdf === null ? '' : `, printed to ${target.pdf}`}${dropped > 0 ? ` (${dropped} neighbour or road labels had no room)` : ''}`,
  );
  return { dir: target.dir, paper, count: sheets.length, pdf: target.pdf, persons, labelsDropped: dropped };
}

/** A `--layer` value as a file with an optional style. */
function layerSpec(spec: string): { file: string; style?: LayerStyle } {
  const m = /^([a-z]+)=(.+)$/.exec(spec);
  if (m === null) return { file: spec };
  if (!LAYER_STYLES.includes(m[1] as LayerStyle)) {
    throw new UsageError(
      `--layer style must be one of ${LAYER_STYLES.join(', ')}, got ${JSON.stringify(m[1])}`,
    );
  }
  return { file: m[2], style: m[1] as LayerStyle };
}
