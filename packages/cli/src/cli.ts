import { parseArgs } from 'node:util';
import { ErrorCode, isWanggeError, type WanggeError } from '@wangge/core';
import { commands } from './commands';
import {
  type Command,
  type CommandContext,
  ExitCode,
  errorFile,
  type OptionSpec,
  UsageError,
} from './internal/command';
import { silentProgress, terminalProgress } from './internal/progress';

/** Where the CLI writes: stdout for results and summaries, stderr for errors and the progress bar. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

const globalOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print the summary as JSON on stdout, for machines' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** What to do about each kind of bad input, shown under the error. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.COORDINATE_OUT_OF_RANGE]:
    'coordinates outside lon/lat: if the file is projected (metres), pass --crs EPSG:<code>; if lon and lat are swapped, pass --lon/--lat',
  [ErrorCode.INVALID_COORDINATE]: 'fix or remove the position named above',
  [ErrorCode.INVALID_GEOJSON]: 'the file must be a GeoJSON FeatureCollection; re-export it from your GIS',
  [ErrorCode.UNSUPPORTED_GEOMETRY]: 'grids must be Polygon or MultiPolygon features',
  [ErrorCode.RING_TOO_SHORT]: 'remove the broken ring or redraw the grid',
  [ErrorCode.RING_DEGENERATE]: 'remove the zero-area ring or redraw the grid',
  [ErrorCode.EMPTY_GEOMETRY]: 'remove the feature or give it a polygon',
  [ErrorCode.INVALID_PROPERTIES]:
    'every grid needs properties.code (text), properties.level (1-5) and properties.parent',
  [ErrorCode.DUPLICATE_CODE]: 'give each grid its own code',
  [ErrorCode.MISSING_PARENT]: 'add the parent grid to the file or correct properties.parent',
  [ErrorCode.INVALID_LEVEL]: "a grid's level must be its parent's level + 1",
  [ErrorCode.INVALID_CODE]: "correct the code so it follows the plan's code style",
};

/**
 * Runs the `wangge` command line (without the `node` and script arguments) and resolves to the exit
 * status: 0 ok, 1 defects found, 2 bad input or usage, 3 internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
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
    io.stderr.write(`wangge: unknown command ${JSON.stringify(name)}\n\n${mainHelp()}`);
    return ExitCode.BAD_INPUT;
  }
  let json = rest.includes('--json');
  const command = await entry.load();
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
    const ctx: CommandContext = {
      values: parsed.values as CommandContext['values'],
      positionals: parsed.positionals,
      progress: (label, total) =>
        io.stderr.isTTY ? terminalProgress(io.stderr, `${command.name}: ${label}`, total) : silentProgress,
    };
    const result = await command.run(ctx);
    if (json)
      io.stdout.write(
        `${JSON.stringify({ command: command.name, status: result.status, ...result.json })}\n`,
      );
    else if (result.human.length > 0) io.stdout.write(`${result.human.join('\n')}\n`);
    return result.status;
  } catch (error) {
    return reportError(command, error, json, io);
  }
}

function reportError(command: Command, error: unknown, json: boolean, io: CliIo): number {
  if (isWanggeError(error) || error instanceof UsageError || isParseArgsError(error)) {
    const usage = !isWanggeError(error);
    const hint = usage
      ? `run \`wangge ${command.name} --help\` for usage`
      : HINTS[(error as WanggeError).code];
    const file = errorFile(error);
    const message = `${file === undefined ? '' : `${file}: `}${(error as Error).message}`;
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
    `wangge ${command.name}: internal error, please report it with the command line and this trace:\n${stack}\n`,
  );
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
