import type { Command } from '../internal/command';
import { convert } from './convert';
import { render } from './render';

/** Every subcommand, in the order of the data flow (help lists them in this order). */
export const commands: readonly Command[] = [convert, render];
