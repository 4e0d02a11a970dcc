import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  aboutFile,
  type Command,
  type CommandContext,
  inputOptions,
  numberOption,
  readInput,
  readOptionsOf,
  UsageError,
} from '../internal/command';
import { readStaff, type StaffMember } from '../internal/register';
import { readFeatures } from '../io';
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
    out: { type: 'string', short: 'o', arg: '<file.svg>', description: 'SVG output', default: '<plan>.svg' },
    html: {
      type: 'string',
      arg: '<file.html>',
      description: 'the self-contained HTML page (pan, zoom, hover)',
      default: 'the SVG name with .html',
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
    },
    'no-persons': { type: 'boolean', description: 'print no name or phone of any person, on any map' },
    symbols: {
      type: 'string',
      arg: '<file>',
      description: 'points drawn as symbols by category: key units, 九小场所, schools, shops',
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
    },
    defects: {
      type: 'string',
      arg: '<file>',
      description: 'defects to highlight, e.g. from `wangge check --out`',
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
    },
    width: { type: 'string', arg: '<px>', description: 'width of the map in pixels', default: '1000' },
    title: {
      type: 'string',
      arg: '<text>',
      description: 'title in the legend',
      default: 'name of the top grid',
    },
    ...inputOptions,
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
  async run({ values, positionals }) {
    const [input] = positionals;
    const svgFile = (values.out as string | undefined) ?? `${input.replace(/\.[^./]+$/, '')}.svg`;
    if (!svgFile.toLowerCase().endsWith('.svg'))
      throw new UsageError(`-o must name an .svg file, got ${svgFile}`);
    if (values.html !== undefined && values['no-html'] === true)
      throw new UsageError('--html and --no-html conflict');
    const tree = values.tree as string | undefined;
    if (tree !== undefined && !tree.toLowerCase().endsWith('.svg'))
      throw new UsageError(`--tree must name an .svg file, got ${tree}`);
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

    const inputs = [
      input,
      values.staff,
      values.symbols,
      values.defects,
      ...layerSpecs(values).map((l) => l.file),
    ];
    const html =
      values['no-html'] === true
        ? undefined
        : ((values.html as string | undefined) ?? svgFile.replace(/\.svg$/i, '.html'));
    const out = new OutputFiles(inputs.filter((f): f is string => typeof f === 'string'));
    // Refuse before anything is written.
    out.check([svgFile, html, tree, tree?.replace(/\.svg$/i, '.txt')]);
    const features = await readInput(input, values);
    // The files beside the plan share its CRS and CSV columns; each has its own format.
    const { format: _, ...side } = readOptionsOf(values);
    const read = (file: string) => readFeatures(file, side);
    const staff: StaffMember[] | undefined =
      persons && values.staff !== undefined ? readStaff(values.staff as string) : undefined;
    const layers: LayerInput[] = [];
    for (const spec of layerSpecs(values)) {
      layers.push({
        name: basename(spec.file).replace(/\.[^.]+$/, ''),
        style: spec.style,
        features: await read(spec.file),
      });
    }
    const options: RenderOptions = {
      defects: values.defects === undefined ? [] : await read(values.defects as string),
      width: numberOption(values, 'width', { min: 200, max: 20_000 }),
      countProperty: values.count as string | undefined,
      title: values.title as string | undefined,
      label,
      staff,
      symbols: values.symbols === undefined ? [] : await read(values.symbols as string),
      symbolProperty: values['symbol-category'] as string | undefined,
      layers,
    };
    const layout = await aboutFile(input, () => layoutPlan(features, options));
    await out.write(svgFile, layout.svg);
    if (html !== undefined) await out.write(html, planToHtml(features, options));

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
    if (sheetsDir !== undefined)
      json.sheets = await writeSheets(features, options, values, sheetsDir, persons, out, human);
    if (tree !== undefined) {
      const drawn = planToTree(features, { countProperty: options.countProperty });
      const text = tree.replace(/\.svg$/i, '.txt');
      await out.write(tree, drawn.svg);
      await out.write(text, drawn.text);
      human.push(`  tree of levels: ${drawn.nodes} grids`);
      json.tree = { svg: tree, text, nodes: drawn.nodes };
    }
    human.push(`  wrote ${out.written.join(', ')}`);
    return { status: 0, human, json: { ...json, written: out.written } };
  },
};

/** Writes the sheets of `--sheets`: an SVG per grid and, unless `--no-pdf`, the PDF of them all. */
async function writeSheets(
  features: Parameters<typeof planToSheets>[0],
  options: RenderOptions,
  values: CommandContext['values'],
  dir: string,
  persons: boolean,
  out: OutputFiles,
  human: string[],
): Promise<Record<string, unknown>> {
  const grids =
    values.grids === undefined
      ? undefined
      : (values.grids as string)
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== '');
  const paper = (values.paper as string | undefined) ?? 'a4-landscape';
  const sheets = planToSheets(features, { ...options, paper, persons, grids });
  await mkdir(dir, { recursive: true });
  const names = new Set<string>();
  for (const sheet of sheets) {
    const name = `${sheet.code.replace(/[/\\:*?"<>|\s]+/g, '_') || 'grid'}.svg`;
    if (names.has(name)) throw new UsageError(`two grids' sheets would both be named ${name} in ${dir}`);
    names.add(name);
    await out.write(join(dir, name), sheet.svg, false);
  }
  let pdf: string | null = null;
  if (values['no-pdf'] !== true) {
    pdf = join(dir, 'sheets.pdf');
    const bytes = await sheetsToPdf(
      sheets.map((s) => s.svg),
      { paper, chromium: (values.chromium as string | undefined) ?? defaultChromium() },
    );
    await out.write(pdf, bytes, false);
  }
  const dropped = sheets.reduce((s, sheet) => s + sheet.labels.dropped, 0);
  human.push(
    `  ${sheets.length} sheets on ${paper} in ${dir}${pdf === null ? '' : `, printed to ${pdf}`}${dropped > 0 ? ` (${dropped} neighbour or road labels had no room)` : ''}`,
  );
  return { dir, paper, count: sheets.length, pdf, persons, labelsDropped: dropped };
}

/** The `--layer` values as files with an optional style. */
function layerSpecs(values: CommandContext['values']): Array<{ file: string; style?: LayerStyle }> {
  return ((values.layer as string[] | undefined) ?? []).map((spec) => {
    const m = /^([a-z]+)=(.+)$/.exec(spec);
    if (m === null) return { file: spec };
    if (!LAYER_STYLES.includes(m[1] as LayerStyle)) {
      throw new UsageError(
        `--layer style must be one of ${LAYER_STYLES.join(', ')}, got ${JSON.stringify(m[1])}`,
      );
    }
    return { file: m[2], style: m[1] as LayerStyle };
  });
}

/**
 * Every file render writes goes through here: it refuses to overwrite an input and remembers what it
 * wrote. (The one place to switch to the CLI's shared output writer.)
 */
class OutputFiles {
  readonly written: string[] = [];
  private readonly inputs: Set<string>;

  constructor(inputs: readonly string[]) {
    this.inputs = new Set(inputs.filter((f) => f !== '-').map((f) => resolve(f)));
  }

  /** Throws when one of the files is an input. */
  check(files: ReadonlyArray<string | undefined>): void {
    for (const file of files) {
      if (file !== undefined && this.inputs.has(resolve(file)))
        throw new UsageError(`${file} is an input: refusing to overwrite it`);
    }
  }

  /** Writes a file, unless it is an input; `list` names it in the summary. */
  async write(file: string, data: string | Uint8Array, list = true): Promise<void> {
    this.check([file]);
    await writeFile(file, data);
    if (list) this.written.push(file);
  }
}
