import { useId, useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { ErrorCode, InboxAssigneeView, LeftMessageView } from '@parley/protocol';
import { revealBidi } from '@parley/protocol/bidi';
import { UserText } from '@parley/ui';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode } from '../admin/useLoad.ts';

/**
 * One left message and the work on it ([IB2]–[IB4]): assign it, answer it by e-mail, mark it
 * handled; who did what, and when, is shown under it. Everything typed by a visitor is text.
 */
export function LeftMessageCard({
  api,
  message: m,
  assignees,
  format,
  onChanged,
}: {
  api: AdminApi;
  message: LeftMessageView;
  /** Colleagues who see this message's link ([IB3]). */
  assignees: readonly InboxAssigneeView[];
  format: Intl.DateTimeFormat;
  onChanged: (updated: LeftMessageView) => void;
}) {
  const { t, locale } = useT();
  const [error, setError] = useState<ErrorCode | null>(null);
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const replyId = useId();
  const someone = t('inbox.someone');

  const act = (call: Promise<LeftMessageView>, after?: () => void): Promise<void> => {
    setError(null);
    return call.then(
      (updated) => {
        onChanged(updated);
        after?.();
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  const send = () => {
    setSending(true);
    setSent(false);
    // The mail's own words in the console's language ([IB2]); the button comes back either way.
    void act(api.replyToMessage(m.id, { text: reply, locale }), () => {
      setReply('');
      setReplying(false);
      setSent(true);
    }).finally(() => setSending(false));
  };

  return (
    <li className={`card left-message ${m.handledAt ? 'handled' : ''}`} data-testid="left-message">
      <div className="left-head">
        <strong data-testid="left-name">{m.name ? <UserText text={m.name} /> : t('inbox.anonymous')}</strong>
        <a href={`mailto:${m.email}`} data-testid="left-email">
          <UserText text={m.email} />
        </a>
        <span className="muted">{t('inbox.via', { link: revealBidi(m.linkName) })}</span>
        <span className="spacer" />
        <time dateTime={new Date(m.createdAt).toISOString()} className="muted">
          {format.format(m.createdAt)}
        </time>
      </div>
      <p className="left-text" data-testid="left-text">
        <UserText text={m.text} />
      </p>
      <ul className="left-work muted">
        {m.assignedAt !== null && (
          <li data-testid="left-assigned">
            {m.assigneeId !== null
              ? t('inbox.assignedBy', {
                  name: m.assigneeName ?? someone,
                  by: m.assignedByName ?? someone,
                  time: format.format(m.assignedAt),
                })
              : t('inbox.unassignedBy', { by: m.assignedByName ?? someone, time: format.format(m.assignedAt) })}
          </li>
        )}
        {m.answeredAt !== null && (
          <li data-testid="left-answered">
            {t('inbox.answeredBy', { name: m.answeredByName ?? someone, time: format.format(m.answeredAt) })}
          </li>
        )}
        {m.handledAt !== null && (
          <li data-testid="handled">
            {t('inbox.handledBy', { name: m.handledByName ?? someone, time: format.format(m.handledAt) })}
          </li>
        )}
      </ul>
      <ErrorLine code={error} />
      {sent && (
        <p className="muted" role="status" data-testid="reply-sent">
          {t('inbox.replySent', { email: revealBidi(m.email) })}
        </p>
      )}
      {replying && (
        <div className="left-reply">
          <label htmlFor={replyId}>{t('inbox.replyLabel', { email: revealBidi(m.email) })}</label>
          <textarea
            id={replyId}
            rows={4}
            maxLength={4000}
            value={reply}
            onChange={(e) => setReply(e.currentTarget.value)}
            data-testid="reply-text"
            autoFocus
          />
          <div className="left-reply-actions">
            <button className="secondary" onClick={() => setReplying(false)}>
              {t('common.cancel')}
            </button>
            <button
              className="primary"
              disabled={sending || reply.trim() === ''}
              onClick={send}
              data-testid="reply-send"
            >
              {t('inbox.replySend')}
            </button>
          </div>
        </div>
      )}
      <div className="left-foot">
        <label className="left-assign">
          {t('inbox.assignee')}
          <select
            value={m.assigneeId ?? ''}
            onChange={(e) => void act(api.assignMessage(m.id, e.currentTarget.value || null))}
            data-testid="assignee"
          >
            <option value="">{t('inbox.nobody')}</option>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {revealBidi(a.name)}
              </option>
            ))}
            {m.assigneeId !== null && !assignees.some((a) => a.id === m.assigneeId) && (
              <option value={m.assigneeId}>{m.assigneeName ?? someone}</option>
            )}
          </select>
        </label>
        <span className="spacer" />
        {!replying && (
          <button
            className="secondary"
            onClick={() => {
              setReplying(true);
              setSent(false);
            }}
            data-testid="reply"
          >
            {t('inbox.reply')}
          </button>
        )}
        {m.handledAt === null && (
          <button className="primary" onClick={() => void act(api.markHandled(m.id))} data-testid="mark-handled">
            {t('inbox.markHandled')}
          </button>
        )}
      </div>
    </li>
  );
}
