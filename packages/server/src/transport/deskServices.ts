import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { ContactService } from '../domain/contacts/contacts.ts';
import { DeskService } from '../domain/desk/desk.ts';
import type { Outbox } from '../domain/ports/outbox.ts';
import type { Runtime } from '../domain/runtime.ts';
import { TeamChat } from '../domain/team/teamChat.ts';
import type { DirectoryStore } from '../domain/tenants/directory.ts';
import { TranscriptService, type Mailer } from '../domain/transcript/transcript.ts';
import { WrapUpService } from '../domain/wrapup/wrapUp.ts';
import { SqlDeskDataStore } from '../storage/deskDataStore.ts';
import { SqlDeskStore } from '../storage/deskStore.ts';
import type { Database } from '../storage/schema.ts';
import type { SqlStore } from '../storage/stores.ts';
import { SmtpMailer } from './mail/smtpMailer.ts';

/** The desk's services, wired once in `build()` (kept apart from the switchboard's wiring). */
export interface DeskServices {
  store: SqlDeskStore;
  data: SqlDeskDataStore;
  contacts: ContactService;
  wrapUps: WrapUpService;
  desk: DeskService;
  team: TeamChat;
  transcripts: TranscriptService;
  close(): void;
}

export function buildDeskServices(options: {
  config: Config;
  db: Kysely<Database>;
  runtime: Runtime;
  store: SqlStore;
  directory: DirectoryStore;
  outbox: Outbox;
  mailer?: Mailer;
}): DeskServices {
  const { config, db, runtime, store, directory, outbox } = options;
  const now = (): number => runtime.clock.now();
  const deskStore = new SqlDeskStore(db, now);
  const data = new SqlDeskDataStore(db, now);
  const smtp = !options.mailer && config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : undefined;
  const mailer = options.mailer ?? smtp ?? null;
  return {
    store: deskStore,
    data,
    contacts: new ContactService(deskStore, runtime),
    wrapUps: new WrapUpService(deskStore, runtime),
    desk: new DeskService(store, deskStore, deskStore, data, runtime),
    team: new TeamChat(data, directory, outbox, runtime),
    transcripts: new TranscriptService(
      store,
      mailer,
      {
        consultant: async (id) => (await directory.getConsultant(id))?.name,
        tenant: async (id) => (await directory.getTenant(id))?.name,
      },
      runtime,
      config.transcriptLimits,
    ),
    close: () => smtp?.close(),
  };
}
