import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { ApiError, DeskApi } from '@parley/client';
import type { ConversationDeskView } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { revealBidi } from '@parley/protocol/bidi';
import { UserText } from '@parley/ui';
import { useT } from '../i18n.ts';
import { contactLabel } from '../contacts/contactLabel.ts';
import './desk.css';

const api = new DeskApi(location.origin);

/** Loads the desk view of a conversation; `reload` after every change. */
export function useDeskView(conversationId: string) {
  const [view, setView] = useState<ConversationDeskView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api
      .conversation(conversationId)
      .then(setView, (e: unknown) => setError(e instanceof ApiError ? e.code : 'internal_error'));
  }, [conversationId]);
  useEffect(reload, [reload]);
  const run = (action: Promise<unknown>): Promise<boolean> =>
    action.then(
      () => {
        setError(null);
        reload();
        return true;
      },
      (e: unknown) => {
        setError(e instanceof ApiError ? e.code : 'internal_error');
        return false;
      },
    );
  return { view, error, run, api };
}

/**
 * Beside a conversation (F-21–F-23): who the visitor is (contact), what the website attached,
 * the tenant's custom data fields, and the notepad whose notes go to the contact's history.
 * Everything shown is text: names, data and notes are never HTML.
 */
export function DeskPanel({ conversationId }: { conversationId: string }) {
  const { t } = useT();
  const { view, error, run } = useDeskView(conversationId);
  const [note, setNote] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (view) setValues(Object.fromEntries(view.fields.map((f) => [f.id, f.value])));
  }, [view]);
  if (!view) return null;
  const attached = Object.entries(view.attached);
  const saveNote = (e: SubmitEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    void run(api.addNote(conversationId, note)).then((ok) => ok && setNote(''));
  };
  return (
    <section className="desk-panel" data-testid="desk-panel">
      {error && (
        <p className="banner error" role="alert">
          {t(`error.${error}` as MessageKey)}
        </p>
      )}
      <div className="card">
        <h3>{t('desk.contact')}</h3>
        {view.contact ? (
          <div data-testid="desk-contact">
            <strong>
              <UserText text={contactLabel(view.contact, t)} />
            </strong>
            {view.contact.email && (
              <div>
                <UserText text={view.contact.email} />
              </div>
            )}
            <small className="muted">
              {view.contact.kind === 'signed'
                ? t('contacts.externalId', { id: revealBidi(view.contact.externalId) })
                : t(`contacts.kind.${view.contact.kind}`)}
            </small>
          </div>
        ) : (
          <p className="muted">{t('desk.anonymous')}</p>
        )}
        <h3>{t('desk.attached')}</h3>
        {attached.length === 0 ? (
          <p className="muted">{t('desk.noAttached')}</p>
        ) : (
          <dl className="pairs" data-testid="desk-attached">
            {attached.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>
                  <UserText text={value} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void run(api.setCustomValues(conversationId, values)).then((ok) => setSaved(ok));
        }}
      >
        <h3>{t('desk.customData')}</h3>
        {view.fields.length === 0 && <p className="muted">{t('desk.noCustomFields')}</p>}
        {view.fields.map((f) => (
          <label key={f.id}>
            {f.label}
            <input
              data-testid="custom-field"
              value={values[f.id] ?? ''}
              maxLength={500}
              onChange={(e) => {
                setSaved(false);
                setValues({ ...values, [f.id]: e.currentTarget.value });
              }}
            />
          </label>
        ))}
        {view.fields.length > 0 && (
          <div className="row">
            <button className="secondary" data-testid="custom-save">
              {t('desk.saveCustom')}
            </button>
            {saved && <span className="muted">{t('desk.saved')}</span>}
          </div>
        )}
      </form>
      <form className="card" onSubmit={saveNote}>
        <h3>{t('desk.notepad')}</h3>
        <ol className="notes" data-testid="notes">
          {view.notes.map((n) => (
            <li key={n.id} data-testid="note">
              <small className="muted">
                <UserText text={n.authorName} /> · {new Date(n.createdAt).toLocaleTimeString()}
              </small>
              <div>
                <UserText text={n.text} />
              </div>
            </li>
          ))}
        </ol>
        {view.notes.length === 0 && <p className="muted">{t('desk.notes', { count: 0 })}</p>}
        <textarea
          data-testid="note-input"
          value={note}
          maxLength={4000}
          rows={3}
          placeholder={t('desk.notePlaceholder')}
          aria-label={t('desk.notePlaceholder')}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <button className="secondary" data-testid="note-save" disabled={!note.trim()}>
          {t('desk.saveNote')}
        </button>
      </form>
    </section>
  );
}
