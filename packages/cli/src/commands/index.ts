import type { Command } from '../internal/command';
import { assignCommand } from './assign';
import { balance } from './balance';
import { check } from './check';
import { convert } from './convert';
import { crosswalkCommand } from './crosswalk';
import { diff } from './diff';
import { partition } from './partition';
import { render } from './render';
import { report } from './report';

/** Every subcommand, in the order of the data flow (help lists them in this order). */
export const commands: readonly Command[] = [
  partition,
  check,
  assignCommand,
  report,
  balance,
  diff,
  crosswalkCommand,
  render,
  convert,
];
