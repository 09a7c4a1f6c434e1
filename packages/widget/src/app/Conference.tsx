import { conferenceConsultants } from '@parley/client';
import type { Translate } from '@parley/i18n';
import type { ConversationView } from '@parley/protocol';
import { revealBidi } from '@parley/protocol/bidi';

/** [S5] The visitor sees who is in the call once colleagues joined. */
export function ConferenceMembers({ conversation, t }: { conversation: ConversationView; t: Translate }) {
  if (conversation.media !== 'sfu' && conversation.members.length === 0) return null;
  const names = conferenceConsultants(conversation)
    .map((m) => revealBidi(m.name))
    .join(', ');
  return (
    <p class="members" data-testid="conference-members">
      {t('conference.present', { names })}
    </p>
  );
}
