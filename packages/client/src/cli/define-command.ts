// Commands as data: each command module exports specs; main.ts turns them into yargs command modules. Keeping
// yargs out of the command files keeps them small and their handlers testable through the real binary.
import type { Argv } from 'yargs';
import type { CommandContext } from './context.js';
import { CliUsageError } from './errors.js';

/** Parsed arguments of a command: global flags plus its own, by name. */
export type CommandArgs = Readonly<Record<string, unknown>>;

/** One command (or a group of subcommands). */
export interface CommandSpec {
  /** yargs command string, e.g. `delete <paths..>`. */
  readonly command: string;
  /** One line for the command list. */
  readonly describe: string;
  /** Declares positionals and options. */
  readonly builder?: (yargs: Argv) => Argv;
  /** `[command line, what it does]` pairs shown by --help. */
  readonly examples?: readonly (readonly [string, string])[];
  /** Adds --yes and asks for confirmation (see {@link CommandContext.confirm}). */
  readonly destructive?: boolean;
  /** The handler; a group has `subcommands` instead. */
  readonly run?: (args: CommandArgs, context: CommandContext) => Promise<void>;
  readonly subcommands?: readonly CommandSpec[];
}

/** Declares a command (identity; exists for the type). */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** A string argument, or `undefined`. */
export function optionalString(args: CommandArgs, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A required string argument. */
export function requiredString(args: CommandArgs, name: string): string {
  const value = optionalString(args, name);
  if (value === undefined || value === '') throw new CliUsageError(`missing argument <${name}>`);
  return value;
}

/** A list argument (variadic positional or repeated option). */
export function stringList(args: CommandArgs, name: string): string[] {
  const value = args[name];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Node paths: each must start with `/`. */
export function nodePaths(args: CommandArgs, name = 'paths'): string[] {
  const paths = stringList(args, name);
  for (const path of paths) {
    if (!path.startsWith('/')) throw new CliUsageError(`node paths start with "/": ${JSON.stringify(path)}`);
  }
  return paths;
}

/** One node path. */
export function nodePath(args: CommandArgs, name = 'path'): string {
  const path = requiredString(args, name);
  if (!path.startsWith('/')) throw new CliUsageError(`node paths start with "/": ${JSON.stringify(path)}`);
  return path;
}

/** A boolean flag. */
export function flag(args: CommandArgs, name: string): boolean {
  return args[name] === true;
}
