import { parseArgs } from 'node:util';
import { ErrorCode, escapeControl, isWanggeError, WanggeError } from '@wangge/core';
import { commands } from './commands';
import {
  type Command,
  type CommandContext,
  ExitCode,
  errorFile,
  type OptionSpec,
  UsageError,
  type Values,
} from './internal/command';

import { OutputFiles } from './internal/files';
import { outputNameProblem } from './internal/outputs';
import {
  type PhaseDisplay,
  silentPhases,
  silentProgress,
  streamPhases,
  terminalPhases,
  terminalProgress,
} from './internal/progress';

/**
 * Where the CLI reads and writes: stdin for `-` inputs, stdout for results and summaries, stderr for
 * errors, warnings and progress.
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** The bytes a `-` input reads. @default the process's stdin */
  stdin?: () => Promise<Uint8Array>;
}

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

async function processStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const globalOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print the summary as JSON on stdout, for machines' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** What to do about each kind of bad input, shown under the error. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.COORDINATE_OUT_OF_RANGE]:
    'coordinates outside lon/lat: if the file is projected (metres), pass its CRS (--crs for plans and boundaries, --points-crs for points); if lon and lat are swapped, pass --lon/--lat',
  [ErrorCode.INVALID_COORDINATE]: 'fix or remove the position named above',
  [ErrorCode.INVALID_GEOJSON]: 'the file must be a GeoJSON FeatureCollection; re-export it from your GIS',
  [ErrorCode.UNSUPPORTED_GEOMETRY]:
    'give the feature named above the geometry type its file needs (grids, boundaries and units are Polygon or MultiPolygon; households are Point; barriers are LineString)',
  [ErrorCode.RING_TOO_SHORT]: 'remove the broken ring or redraw the grid',
  [ErrorCode.RING_DEGENERATE]: 'remove the zero-area ring or redraw the grid',
  [ErrorCode.EMPTY_GEOMETRY]: 'remove the feature or give it a polygon',
  [ErrorCode.INVALID_PROPERTIES]:
    'fix the property named above (a grid needs properties.code as text, properties.level 1-5 and properties.parent)',
  [ErrorCode.DUPLICATE_CODE]: 'give each grid its own code',
  [ErrorCode.MISSING_PARENT]: 'add the parent grid to the file or correct properties.parent',
  [ErrorCode.INVALID_LEVEL]: "a grid's level must be its parent's level + 1",
  [ErrorCode.INVALID_CODE]: "correct the code so it follows the plan's code style",
  [ErrorCode.UNWRITABLE_OUTPUT]: 'name an output file in a folder you can write to, and never an input',
  [ErrorCode.UNSUPPORTED_EXTENT]:
    'wangge works on areas that neither touch a pole nor wrap around the globe: cut the polygon to the area governed',
  [ErrorCode.EMPTY_INPUT]: 'give the command at least one item to work on',
};

/** What to do about an error: the hint of its code, or of a limit the command line can raise. */
function hintFor(error: WanggeError): string | undefined {
  if (/\bmaxGrids\b/.test(error.message)) {
    return 'raise the limit with --max-grids <n> (it guards against runs that never end), or use larger cells or a wider range';
  }
  return HINTS[error.code];
}

/** The most skipped rows listed in the human summary (all are in `--json`). */
const SKIPPED_SHOWN = 20;

/**
 * Runs the `wangge` command line (without the `node` and script arguments) and resolves to the exit
 * status: 0 ok, 1 defects found, 2 bad input or usage, 3 internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'runCli: argv is an array of strings, e.g. ["check", "plan.geojson"]',
    );
  }
  if (typeof io?.stdout?.write !== 'function' || typeof io.stderr?.write !== 'function') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'runCli: io needs stdout.write and stderr.write');
  }
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp());
    return name === undefined ? ExitCode.BAD_INPUT : ExitCode.OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('wangge 0.1.0\n');
    return ExitCode.OK;
  }
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) {
    io.stderr.write(`wangge: unknown command ${JSON.stringify(escapeControl(name))}\n\n${mainHelp()}`);
    return ExitCode.BAD_INPUT;
  }
  let json = rest.includes('--json');
  const command = await entry.load();
  let files: OutputFiles | undefined;
  let phases: PhaseDisplay = silentPhases;
  const warnings: string[] = [];
  const skipped: Array<{ file: string; where: string; message: string }> = [];
  try {
    const options = { ...command.options, ...globalOptions };
    const parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(
        Object.entries(options).map(([key, o]) => [
          key,
          { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      io.stdout.write(commandHelp(command));
      return ExitCode.OK;
    }
    json = parsed.values.json === true;
    const [min, max] = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(
        `expected ${min === max ? min : `${min} to ${max}`} file argument${max === 1 ? '' : 's'}, got ${parsed.positionals.length}`,
      );
    }
    const values = { ...parsed.values } as Values;
    command.defaults?.(values, parsed.positionals);
    const { inputs, outputs } = filesOf(command, values, parsed.positionals, json);
    files = OutputFiles.reserve(inputs, outputs);
    if (io.stderr.isTTY) {
      phases =
        io.stderr === process.stderr
          ? terminalPhases(`wangge ${command.name}`, io.stderr.columns || 80)
          : streamPhases(io.stderr, `wangge ${command.name}`);
    }
    let stdin: Promise<Uint8Array> | undefined;
    const reserved = files;
    const ctx: CommandContext = {
      values,
      positionals: parsed.positionals,
      progress: (label, total) =>
        io.stderr.isTTY ? terminalProgress(io.stderr, `${command.name}: ${label}`, total) : silentProgress,
      phase: (label) => phases.phase(label),
      write: (file, text) => {
        if (file === '-') io.stdout.write(typeof text === 'string' ? text : new TextDecoder().decode(text));
        else reserved.write(file, text);
      },
      stdin: () => {
        stdin ??= (io.stdin ?? processStdin)();
        return stdin;
      },
      warn: (message) => {
        warnings.push(message);
        io.stderr.write(`wangge ${command.name}: warning: ${escapeControl(message)}\n`);
      },
      skip: (file, where, message) => {
        skipped.push({ file, where, message });
      },
    };
    const result = await command.run(ctx);
    phases.end();
    const status = skipped.length > 0 ? Math.max(result.status, ExitCode.DEFECTS) : result.status;
    if (json) {
      io.stdout.write(
        `${JSON.stringify({
          command: command.name,
          status,
          ...result.json,
          ...(warnings.length > 0 ? { warnings } : {}),
          ...(skipped.length > 0 ? { skipped } : {}),
        })}\n`,
      );
    } else {
      const lines = [...result.human, ...skippedLines(skipped)];
      if (lines.length > 0) io.stdout.write(`${lines.map(escapeControl).join('\n')}\n`);
    }
    return status;
  } catch (error) {
    phases.end();
    return reportError(command, error, json, io);
  } finally {
    files?.discard();
  }
}

/** The human lines listing rows left out of a run. */
function skippedLines(skipped: ReadonlyArray<{ file: string; where: string; message: string }>): string[] {
  if (skipped.length === 0) return [];
  return [
    `${skipped.length} input row${skipped.length === 1 ? '' : 's'} left out (exit 1):`,
    ...skipped.slice(0, SKIPPED_SHOWN).map((s) => `  ${s.file}: ${s.where}: ${s.message}`),
    ...(skipped.length > SKIPPED_SHOWN
      ? [`  ... and ${skipped.length - SKIPPED_SHOWN} more (see --json)`]
      : []),
  ];
}

/**
 * The files a command line reads and writes: the positionals and every option marked `input` (the file
 * inside a compound value too), and every option marked `output`, each output name checked against its
 * kind. Rejects `--json` when data would go to stdout too.
 */
function filesOf(
  command: Command,
  values: Values,
  positionals: readonly string[],
  json: boolean,
): { inputs: string[]; outputs: string[] } {
  const inputs = [...positionals];
  const outputs: string[] = [];
  for (const [key, spec] of Object.entries(command.options)) {
    const raw = values[key];
    if (raw === undefined || typeof raw === 'boolean') continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (spec.input !== undefined) {
        const file = spec.input === true ? value : spec.input(value);
        if (file !== undefined) inputs.push(file);
      }
      if (spec.output !== undefined) {
        const problem = outputNameProblem(key, value, spec.output, values);
        if (problem !== undefined) throw new UsageError(problem);
        if (value === '-' && json) {
          throw new UsageError(
            `--json prints the summary on stdout, where --${key} - writes its data: name an output file`,
          );
        }
        outputs.push(value);
      }
    }
  }
  return { inputs, outputs };
}

function reportError(command: Command, error: unknown, json: boolean, io: CliIo): number {
  const overflow = error instanceof RangeError && /call stack/i.test(error.message);
  if (isWanggeError(error) || error instanceof UsageError || isParseArgsError(error)) {
    const usage = !isWanggeError(error);
    const hint = usage ? `run \`wangge ${command.name} --help\` for usage` : hintFor(error as WanggeError);
    const named = (error as Partial<WanggeError>).file;
    const file = named ?? errorFile(error);
    const message = escapeControl(
      `${file === undefined || named !== undefined ? '' : `${file}: `}${(error as Error).message}`,
    );
    io.stderr.write(`wangge ${command.name}: ${message}\n${hint ? `  what to do: ${hint}\n` : ''}`);
    if (json) {
      const e = error as Partial<WanggeError>;
      io.stdout.write(
        `${JSON.stringify({
          command: command.name,
          status: ExitCode.BAD_INPUT,
          error: {
            code: usage ? 'USAGE' : e.code,
            ...(file !== undefined ? { file } : {}),
            message,
            ...(e.line !== undefined ? { line: e.line } : {}),
            ...(e.featureIndex !== undefined ? { featureIndex: e.featureIndex } : {}),
            ...(e.featureId !== undefined ? { featureId: e.featureId } : {}),
            ...(hint ? { hint } : {}),
          },
        })}\n`,
      );
    }
    return ExitCode.BAD_INPUT;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `wangge ${command.name}: internal error${overflow ? ' (an input nested too deeply for this step)' : ''}, please report it with the command line and this trace:\n${stack}\n`,
  );
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ command: command.name, status: ExitCode.INTERNAL, error: { code: 'INTERNAL', message: String((error as Error)?.message ?? error) } })}\n`,
    );
  }
  return ExitCode.INTERNAL;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'wangge: multi-level governance grids (网格化管理) from the command line',
    '',
    'Usage: wangge <command> [options] <files>',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `wangge <command> --help` for its options and an example.',
    'Exit status: 0 ok, 1 defects found, 2 bad input or usage, 3 internal error.',
    '',
  ].join('\n');
}

/** The `--help` text of a command. */
export function commandHelp(command: Command): string {
  const options = { ...command.options, ...globalOptions };
  const flag = (key: string, o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : '    '}--${key}${o.type === 'string' ? ` ${o.arg ?? '<value>'}` : ''}`;
  const flags = Object.entries(options).map(([key, o]) => flag(key, o));
  const width = Math.max(...flags.map((f) => f.length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.description,
    '',
    'Options:',
    ...Object.values(options).map(
      (o, i) =>
        `  ${flags[i].padEnd(width)}  ${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}`,
    ),
    '',
    'Examples:',
    ...command.examples.flatMap(([comment, line]) => [`  # ${comment}`, `  ${line}`]),
    '',
    'Exit status: 0 ok, 1 defects found, 2 bad input or usage, 3 internal error.',
    '',
  ].join('\n');
}
