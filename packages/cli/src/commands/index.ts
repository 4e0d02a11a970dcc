import type { Command } from '../internal/command';
import { assignCommand } from './assign';
import { check } from './check';
import { convert } from './convert';
import { render } from './render';

/** Every subcommand, in the order of the data flow (help lists them in this order). */
export const commands: readonly Command[] = [check, assignCommand, convert, render];
