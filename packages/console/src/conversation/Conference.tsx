import { useEffect, useState } from 'react';
import { conferenceConsultants, transferTargets, type ConsultantClient } from '@parley/client';
import type { ConversationView, TransferTargets } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { UserText } from '@parley/ui';
import { revealBidi } from '@parley/protocol/bidi';

/**
 * [S5] The conference controls of a call: who is in it, who is invited, invite an available
 * colleague, leave while the call goes on (only when another consultant stays to carry it).
 */
export function ConferenceBar({ client, conversation }: { client: ConsultantClient; conversation: ConversationView }) {
  const { t } = useT();
  const [picking, setPicking] = useState(false);
  const present = conferenceConsultants(conversation);
  const names = (list: { name: string }[]) => list.map((m) => revealBidi(m.name)).join(', ');
  return (
    <div className="conference" data-testid="conference-bar">
      {conversation.members.length > 0 && (
        <p data-testid="conference-members">{t('conference.present', { names: names(present) })}</p>
      )}
      {conversation.invited.length > 0 && (
        <p className="muted" data-testid="conference-invited">
          {t('conference.invited', { names: names(conversation.invited) })}
        </p>
      )}
      <div className="actions">
        <button className="secondary" data-testid="conference-invite" onClick={() => setPicking((v) => !v)}>
          {t('conference.invite')}
        </button>
        {conversation.members.length > 0 && (
          <button
            className="secondary"
            data-testid="conference-leave"
            onClick={() => client.leaveConference(conversation.id)}
          >
            {t('conference.leave')}
          </button>
        )}
      </div>
      {picking && (
        <ColleaguePicker
          exclude={new Set([...present, ...conversation.invited].map((m) => m.id))}
          onPick={(id) => {
            client.inviteToConference(conversation.id, id);
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}

/** Available colleagues (GET /api/v1/transfer-targets), minus those already in or invited. */
function ColleaguePicker({ exclude, onPick }: { exclude: Set<string>; onPick: (id: string) => void }) {
  const { t } = useT();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  useEffect(() => {
    void transferTargets(location.origin).then(setTargets, () => setTargets({ consultants: [], links: [] }));
  }, []);
  if (targets === null) return null;
  const colleagues = targets.consultants.filter((c) => !exclude.has(c.id));
  return (
    <section className="card" aria-label={t('conference.inviteTitle')} data-testid="conference-picker">
      <h3>{t('conference.inviteTitle')}</h3>
      {colleagues.length === 0 ? (
        <p className="muted">{t('conference.nobody')}</p>
      ) : (
        <ul>
          {colleagues.map((c) => (
            <li key={c.id}>
              <button className="link" data-testid="conference-colleague" onClick={() => onPick(c.id)}>
                <UserText text={c.name} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** [S5] An invitation into a colleague's call: Join or Decline. */
export function ConferenceInvitation({
  client,
  conversation,
}: {
  client: ConsultantClient;
  conversation: ConversationView;
}) {
  const { t } = useT();
  return (
    <section className="incoming card" data-testid="conference-invitation" role="alertdialog">
      <p>
        {t('conference.invitation', {
          name: conversation.consultantName ?? '',
          visitor: conversation.visitorName ? revealBidi(conversation.visitorName) : t('desk.remote'),
        })}
      </p>
      <div className="actions">
        <button
          className="primary"
          data-testid="conference-join"
          onClick={() => client.answerInvitation(conversation.id, true)}
        >
          {t('conference.join')}
        </button>
        <button
          className="secondary"
          data-testid="conference-decline"
          onClick={() => client.answerInvitation(conversation.id, false)}
        >
          {t('conference.decline')}
        </button>
      </div>
    </section>
  );
}
