import { aboutFile, type Command, inputOptions, numberOption, UsageError } from '../internal/command';
import { readInput } from '../internal/inputs';
import { layoutPlan, planToHtml } from '../render';

/** `wangge render`: an SVG and a self-contained HTML map of a plan. */
export const render: Command = {
  name: 'render',
  usage: 'wangge render <plan> [-o map.svg] [--html map.html | --no-html] [--defects defects.geojson]',
  description: [
    'Draws every leaf grid filled so that neighbours never share a colour (DSATUR on the adjacency',
    'graph), labelled with its code and household count where the label fits; the boundaries of',
    'parent grids drawn heavier by level; defects (e.g. from `wangge check --out`) hatched in red',
    '(failing) or outlined in orange (warnings, accepted); and a legend with a scale bar. Writes the',
    'SVG next to the plan (or to -o) and beside it a self-contained HTML page: pan with drag, zoom with',
    'the wheel, smaller labels appearing as you zoom in, details on hover.',
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
    defects: {
      type: 'string',
      arg: '<file>',
      description: 'defects to highlight, e.g. from `wangge check --out`',
      input: true,
    },
    count: {
      type: 'string',
      arg: '<property>',
      description: 'property shown as the household count',
      default: 'households',
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
    const features = await readInput(ctx, input, 'plan');
    const defects =
      values.defects === undefined ? [] : await readInput(ctx, values.defects as string, 'plan');
    const options = {
      defects,
      width: numberOption(values, 'width', { min: 200, max: 20_000 }),
      countProperty: values.count as string | undefined,
      title: values.title as string | undefined,
    };
    ctx.phase('laying out the map');
    const { svg, grids, labelled, colours } = await aboutFile(input, () => layoutPlan(features, options));
    ctx.write(svgFile, svg);
    if (html !== undefined) ctx.write(html, planToHtml(features, options));
    return {
      status: 0,
      human: [
        `render: ${grids} grids in ${colours} colours, ${labelled} labelled, ${defects.length} defects highlighted`,
        `  wrote ${svgFile}${html ? ` and ${html}` : ''}`,
      ],
      json: { input, svg: svgFile, html: html ?? null, grids, labelled, colours, defects: defects.length },
    };
  },
};
