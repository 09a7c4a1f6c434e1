import { describe, it } from 'vitest';
import { openPostgres } from './database.ts';
import { storeContract } from './store.contract.ts';

// scripts/postgres.sh starts a throwaway PostgreSQL from Debian's packages and exports this URL.
const url = process.env.PARLEY_TEST_POSTGRES_URL;
if (url) storeContract('PostgreSQL', () => Promise.resolve(openPostgres(url)));
else
  describe('storage contract: PostgreSQL', () =>
    it.skip('needs PARLEY_TEST_POSTGRES_URL (scripts/postgres.sh)', () => undefined));
