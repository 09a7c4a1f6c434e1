import { pathToFileURL } from 'node:url';
import type { CliCommand, CliContext } from './context.ts';
import { cliContext } from './context.ts';
import { backup } from './backup.ts';
import { passwordCommand } from './password.ts';
import { tenantCommand } from './tenant.ts';

/**
 * `npm run parley -- COMMAND …`: the operator's commands, run against the configured database
 * (the same environment variables as `npm start`). Each command is its own module; add one here.
 */
export const commands: Record<string, CliCommand> = {
  tenant: tenantCommand,
  password: passwordCommand,
  backup: { summary: 'FILE: a consistent copy of the running SQLite database ([OP4])', run: (args) => backup(args) },
};

export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    const help = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
    (name === undefined || name === 'help' ? context.out : context.err)(
      ['usage: npm run parley -- COMMAND …', ...help].join('\n'),
    );
    return name === undefined || name === 'help' ? 0 : 2;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    // parseArgs refuses unknown options with a TypeError carrying a code: wrong usage, not a crash.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      context.err(`${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2), cliContext());
}
