import { useEffect, useState } from 'react';
import { DeskApi } from '@parley/client';
import type { ContactDetail, ContactView } from '@parley/protocol';
import { revealBidi } from '@parley/protocol/bidi';
import { UserText } from '@parley/ui';
import { useT } from '../i18n.ts';
import { ContactPrivacyActions } from './ContactPrivacyActions.tsx';
import '../desk/desk.css';

const api = new DeskApi(location.origin);

/** [K4] The contact database (F-23): search, then a contact's conversations, notes and dispositions. */
export function Contacts({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ContactView[]>([]);
  const [detail, setDetail] = useState<ContactDetail | null>(null);
  useEffect(() => {
    // Searches as one types, a moment after the last key.
    const timer = setTimeout(() => void api.contacts(query).then(setFound, () => setFound([])), 200);
    return () => clearTimeout(timer);
  }, [query]);
  const when = (ms: number) => new Date(ms).toLocaleString();
  return (
    <section className="contacts" data-testid="contacts">
      <div className="card list-pane">
        <input
          type="search"
          data-testid="contact-search"
          value={query}
          placeholder={t('contacts.search')}
          aria-label={t('contacts.search')}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        <p className="muted">{found.length ? t('contacts.count', { count: found.length }) : t('contacts.empty')}</p>
        <ul className="picklist">
          {found.map((c) => (
            <li key={c.id}>
              <button
                className={detail?.contact.id === c.id ? 'pick on' : 'pick'}
                data-testid="contact"
                onClick={() => void api.contact(c.id).then(setDetail)}
              >
                <strong>
                  <UserText text={c.name || c.externalId} />
                </strong>
                <small>
                  <UserText text={c.email || c.externalId} />
                </small>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="card detail-pane" data-testid="contact-detail">
        {detail ? (
          <>
            <h2>
              <UserText text={detail.contact.name || detail.contact.externalId} />
            </h2>
            <p className="muted">
              {[
                detail.contact.email && revealBidi(detail.contact.email),
                t('contacts.externalId', { id: revealBidi(detail.contact.externalId) }),
              ]
                .filter(Boolean)
                .join(' · ')}
              <br />
              {t('contacts.lastSeen', { time: when(detail.contact.lastSeenAt) })}
            </p>
            {isAdmin && (
              <ContactPrivacyActions
                contact={detail.contact}
                onErased={() => {
                  setDetail(null);
                  setFound((list) => list.filter((c) => c.id !== detail.contact.id));
                }}
              />
            )}
            <h3>{t('contacts.conversations', { count: detail.history.length })}</h3>
            <ol className="history">
              {detail.history.map((h) => (
                <li key={h.conversationId} data-testid="history-entry">
                  <div className="history-head">
                    <strong>{when(h.queuedAt)}</strong>
                    {h.consultantName && <span>{t('contacts.with', { name: h.consultantName })}</span>}
                    {h.wrapUp?.dispositionCode && (
                      <span className="tag">
                        {t('contacts.disposition', { label: h.wrapUp.dispositionLabel ?? h.wrapUp.dispositionCode })}
                      </span>
                    )}
                  </div>
                  {h.notes.map((n) => (
                    <p key={n.id} className="note" data-testid="history-note">
                      <small className="muted">
                        <UserText text={n.authorName} />:
                      </small>{' '}
                      <UserText text={n.text} />
                    </p>
                  ))}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="muted">{t('contacts.select')}</p>
        )}
      </div>
    </section>
  );
}
