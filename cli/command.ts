import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A `tracker` sub-command. `run` returns the exit code. */
export type Command = {
  name: string;
  summary: string;
  /** Full `--help` text. */
  help: string;
  run: (args: string[]) => Promise<number>;
};

/** Thrown for bad command-line use: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs with unknown options reported as a UsageError. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
