import { openSqlite } from './database.ts';
import { storeContract } from './store.contract.ts';

storeContract('SQLite', () => Promise.resolve(openSqlite(':memory:')));
