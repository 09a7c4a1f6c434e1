import { cobrowseControlKinds, ParleyError, type ClientMessage } from '@parley/protocol';
import type { Actor } from '../../domain/ports/actor.ts';
import type { LiveCommands } from '../../cluster/placement.ts';
import { pushTarget } from '../../domain/cobrowse/push.ts';
import type { Services } from '../services.ts';

type CobrowseMessage = Extract<ClientMessage, { type: 'cobrowse' }>;

/**
 * [CB2] Co-browsing signals go to the other side unread, except a pushed page ([CB6]): its URL
 * is checked, marked as on an allowed site or not, and kept in the chat history as the
 * consultant's message (the history is where a visitor finds the page again later). [CB8] The
 * tenant's control setting is read for the signals it governs, and told to the visitor with `ask`.
 */
export async function relayCobrowse(
  services: Services,
  live: LiveCommands,
  actor: Actor,
  message: CobrowseMessage,
): Promise<void> {
  const { conversationId, signal } = message;
  if (signal.kind === 'ask' || signal.kind === 'control' || cobrowseControlKinds.has(signal.kind)) {
    const control = await services.directory.tenants.getCobrowseControl(live.tenantId);
    const relayed = signal.kind === 'ask' ? { kind: 'ask' as const, control } : signal;
    return live.relayCobrowse(actor, conversationId, relayed, control);
  }
  if (signal.kind !== 'push') return live.relayCobrowse(actor, conversationId, signal);
  if (actor.kind !== 'consultant') throw new ParleyError('forbidden');
  const me = await services.directory.consultants.getConsultant(actor.consultantId);
  if (!me) throw new ParleyError('not_authenticated');
  const target = pushTarget(signal.url, await services.directory.tenants.getAllowedOrigins(me.tenantId));
  await live.sendChat(actor, conversationId, services.runtime.ids.next('push'), target.url);
  await live.relayCobrowse(actor, conversationId, { kind: 'push', ...target });
}
