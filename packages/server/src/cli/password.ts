import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { CliCommand } from './context.ts';
import { AuthService } from '../domain/auth/auth.ts';

const USAGE = 'npm run parley -- password reset --email someone@company.example';

const ResetOptions = z.object({ email: z.string().trim().toLowerCase().pipe(z.email().max(254)) });

/**
 * [U5] The operator's way back in when nobody can sign in (the first admin lost the one-time
 * password, the demo's printed one was not noted): a new one-time password for an account.
 * Its sessions end too; a console already open on a running server keeps its socket until that
 * reconnects, as this process shares no bus with the server.
 */
export const passwordCommand: CliCommand = {
  summary: 'password reset --email …  (a new one-time password for an account)',
  async run([action, ...rest], context) {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } }, strict: true });
    const parsed = ResetOptions.safeParse(values);
    if (action !== 'reset' || !parsed.success) {
      context.err(`usage: ${USAGE}`);
      return 2;
    }
    const { store, close } = await context.openStore();
    try {
      const consultant = await store.consultants.findConsultantByEmail(parsed.data.email);
      if (!consultant) {
        context.err(`password reset: no account with the e-mail ${parsed.data.email}`);
        return 1;
      }
      const password = await new AuthService(store, context.runtime).resetPassword(consultant);
      context.out(`One-time password for ${consultant.email}: ${password}`);
      context.out('shown only now; it must be changed at the next sign-in');
      return 0;
    } finally {
      await close();
    }
  },
};
