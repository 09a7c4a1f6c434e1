/**
 * `npm run parley -- <command> [arguments]`: the operator's command line. Each command lives in
 * its own file and returns the process exit code.
 */
import { backup } from './backup.ts';

const commands: Record<string, (args: string[]) => Promise<number>> = { backup };

const [name = '', ...args] = process.argv.slice(2);
const command = commands[name];
if (command) {
  process.exitCode = await command(args);
} else {
  process.stderr.write(`usage: npm run parley -- <command> …\ncommands: ${Object.keys(commands).join(', ')}\n`);
  process.exitCode = 2;
}
