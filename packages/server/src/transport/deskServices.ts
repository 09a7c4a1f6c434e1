import type { Config } from '../config.ts';
import { ContactService } from '../domain/contacts/contacts.ts';
import { DeskService } from '../domain/desk/desk.ts';
import type { Outbox } from '../domain/live/ports.ts';
import type { Runtime } from '../domain/runtime.ts';
import { TeamChat } from '../domain/team/teamChat.ts';
import { TranscriptService, type Mailer } from '../domain/transcript/transcript.ts';
import type { DeskDataStore } from '../domain/desk/desk.ts';
import { WrapUpService, type WrapUpStore } from '../domain/wrapup/wrapUp.ts';
import type { SqlStores } from '../storage/stores.ts';
import { SmtpMailer } from './mail/smtpMailer.ts';

/** The desk's services, wired once in `build()` (kept apart from the switchboard's wiring). */
export interface DeskServices {
  /** Dispositions and the tenant's wrap-up settings, for the admin routes. */
  wrapUpStore: WrapUpStore;
  /** Custom fields and canned responses, for the admin routes. */
  customData: DeskDataStore;
  contacts: ContactService;
  wrapUps: WrapUpService;
  desk: DeskService;
  team: TeamChat;
  transcripts: TranscriptService;
  close(): void;
}

export function buildDeskServices(options: {
  config: Config;
  runtime: Runtime;
  stores: SqlStores;
  outbox: Outbox;
  mailer?: Mailer;
}): DeskServices {
  const { config, runtime, stores, outbox } = options;
  const smtp = !options.mailer && config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : undefined;
  const mailer = options.mailer ?? smtp ?? null;
  return {
    wrapUpStore: stores.wrapUps,
    customData: stores.customData,
    contacts: new ContactService(stores.contacts, runtime),
    wrapUps: new WrapUpService(stores.wrapUps, runtime),
    desk: new DeskService(stores.conversations, stores.contacts, stores.wrapUps, stores.customData, runtime),
    team: new TeamChat(stores.team, stores, outbox, runtime),
    transcripts: new TranscriptService(
      stores.conversations,
      mailer,
      {
        consultant: async (id) => (await stores.consultants.getConsultant(id))?.name,
        tenant: async (id) => (await stores.tenants.getTenant(id))?.name,
      },
      runtime,
      config.transcriptLimits,
    ),
    close: () => smtp?.close(),
  };
}
