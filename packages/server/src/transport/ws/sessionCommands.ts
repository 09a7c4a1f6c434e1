import { ParleyError, type ClientMessage } from '@parley/protocol';
import type { LiveCommands } from '../../cluster/placement.ts';
import type { Visitor } from '../../domain/tenants/directory.ts';
import type { Services } from '../services.ts';

type RequestMessage = Extract<ClientMessage, { type: 'conversation.request' }>;

/**
 * [AP4][AP7] A guest enters a session code in the visitor app: the code is checked (wrong ones
 * count against the address, [AP5]) and used up, and the request waits for that session's
 * consultant. A code of another tenant is as unknown here as a wrong one.
 */
export async function requestSession(
  services: Services,
  live: LiveCommands,
  visitor: Visitor,
  address: string,
  code: string,
  message: RequestMessage,
): Promise<void> {
  const { appointments } = services;
  const { appointment } = await appointments.check(code, address);
  if (appointment.tenantId !== visitor.tenantId) {
    appointments.countFailure(address);
    throw new ParleyError('session_code_invalid');
  }
  const claimed = await appointments.redeem(code, address);
  try {
    await live.requestConversation(visitor.id, message.name || claimed.guestName, message.setup, {
      session: {
        linkId: claimed.linkId,
        consultantId: claimed.consultantId,
        startsAt: claimed.startsAt,
        durationMinutes: claimed.durationMinutes,
      },
    });
  } catch (error) {
    // Not opened after all (e.g. already waiting elsewhere): the code stays usable.
    await appointments.release(claimed);
    throw error;
  }
}
