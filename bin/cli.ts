/**
 * Argument parsing for the npm run tools: `--help` prints the usage and exits 0; a bad argument
 * prints one line and exits 2 (never a stack trace).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function usageError(message: string): never {
  console.error(`${message} (see --help)`);
  process.exit(2);
}

export function parseCli<O extends Options>(usage: string, options: O, args: string[] = process.argv.slice(2)) {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true }).values;
  } catch (error) {
    usageError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  if (values.help === true) {
    console.log(usage.trim());
    process.exit(0);
  }
  return values as ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];
}
