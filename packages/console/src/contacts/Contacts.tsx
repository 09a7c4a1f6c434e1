import { useEffect, useState } from 'react';
import { DeskApi } from '@parley/client';
import type { ContactDetail, ContactView } from '@parley/protocol';
import { revealBidi } from '@parley/protocol/bidi';
import { UserText } from '@parley/ui';
import { useT } from '../i18n.ts';
import { ContactPrivacyActions } from './ContactPrivacyActions.tsx';
import { ContactForm } from './ContactForm.tsx';
import { ContactMerge } from './ContactMerge.tsx';
import { contactLabel } from './contactLabel.ts';
import '../desk/desk.css';

const api = new DeskApi(location.origin);

/**
 * [K4] The contact database (F-23): search, then a contact's conversations, notes and dispositions.
 * [CT3][CT4] Consultants add contacts by hand, edit them and merge duplicates.
 */
export function Contacts({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ContactView[]>([]);
  const [detail, setDetail] = useState<ContactDetail | null>(null);
  const [mode, setMode] = useState<'view' | 'new' | 'edit' | 'merge'>('view');
  const [searched, setSearched] = useState(0);
  useEffect(() => {
    // Searches as one types, a moment after the last key.
    const timer = setTimeout(() => void api.contacts(query).then(setFound, () => setFound([])), 200);
    return () => clearTimeout(timer);
  }, [query, searched]);
  const when = (ms: number) => new Date(ms).toLocaleString();
  const open = (id: string) => {
    setMode('view');
    void api.contact(id).then(setDetail);
  };
  const saved = (contact: ContactView) => {
    setSearched((n) => n + 1);
    open(contact.id);
  };
  return (
    <section className="contacts" data-testid="contacts">
      <div className="card list-pane">
        <button data-testid="contact-new" onClick={() => setMode('new')}>
          {t('contacts.new')}
        </button>
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
                onClick={() => open(c.id)}
              >
                <strong>
                  <UserText text={contactLabel(c, t)} />
                </strong>
                <small>
                  <UserText text={c.email || c.phone || c.externalId} />
                </small>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="card detail-pane" data-testid="contact-detail">
        {mode === 'new' || (mode === 'edit' && detail) ? (
          <ContactForm
            contact={mode === 'edit' ? (detail?.contact ?? null) : null}
            onSaved={saved}
            onCancel={() => setMode('view')}
          />
        ) : detail ? (
          <>
            <h2>
              <UserText text={contactLabel(detail.contact, t)} />
            </h2>
            <p className="muted">
              {[
                detail.contact.email && revealBidi(detail.contact.email),
                detail.contact.phone && t('contacts.phoneLine', { phone: revealBidi(detail.contact.phone) }),
                detail.contact.kind === 'signed'
                  ? t('contacts.externalId', { id: revealBidi(detail.contact.externalId) })
                  : t(`contacts.kind.${detail.contact.kind}`),
              ]
                .filter(Boolean)
                .join(' · ')}
              <br />
              {t('contacts.lastSeen', { time: when(detail.contact.lastSeenAt) })}
            </p>
            {detail.contact.note && (
              <p className="note" data-testid="contact-note">
                <UserText text={detail.contact.note} />
              </p>
            )}
            <div className="row">
              <button className="secondary" data-testid="contact-edit" onClick={() => setMode('edit')}>
                {t('contacts.edit')}
              </button>
              <button className="secondary" data-testid="contact-merge-open" onClick={() => setMode('merge')}>
                {t('contacts.merge')}
              </button>
            </div>
            {mode === 'merge' && (
              <ContactMerge
                contact={detail.contact}
                onMerged={(survivor, mergedId) => {
                  setFound((list) => list.filter((c) => c.id !== mergedId));
                  saved(survivor);
                }}
                onCancel={() => setMode('view')}
              />
            )}
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
