import { useEffect, useState } from 'react';
import { DeskApi } from '@parley/client';
import type { ContactView, ErrorCode } from '@parley/protocol';
import { UserText } from '@parley/ui';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode } from '../admin/useLoad.ts';
import { contactLabel } from './contactLabel.ts';

const api = new DeskApi(location.origin);

/**
 * [CT4] Merges a duplicate into the open contact or the other way round: the consultant finds the
 * other contact, chooses which one stays, and confirms. The server moves conversations, notes and
 * visits, deletes the other and records who merged.
 */
export function ContactMerge({
  contact,
  onMerged,
  onCancel,
}: {
  contact: ContactView;
  onMerged: (survivor: ContactView, mergedId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ContactView[]>([]);
  const [other, setOther] = useState<ContactView | null>(null);
  const [keepOther, setKeepOther] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  useEffect(() => {
    const timer = setTimeout(
      () =>
        void api.contacts(query).then(
          (list) => setFound(list.filter((c) => c.id !== contact.id)),
          () => setFound([]),
        ),
      200,
    );
    return () => clearTimeout(timer);
  }, [query, contact.id]);
  const merge = () => {
    if (!other) return;
    setError(null);
    const [survivor, merged] = keepOther ? [other, contact] : [contact, other];
    api.mergeContacts(survivor.id, merged.id).then(
      (kept) => onMerged(kept, merged.id),
      (failure: unknown) => setError(errorCode(failure)),
    );
  };
  return (
    <div className="card notice contact-merge" data-testid="contact-merge">
      <h3>{t('contacts.mergeTitle')}</h3>
      <p className="muted">{t('contacts.mergeExplain')}</p>
      <input
        type="search"
        data-testid="contact-merge-search"
        value={query}
        placeholder={t('contacts.mergeSearch')}
        aria-label={t('contacts.mergeSearch')}
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      <ul className="picklist">
        {found.slice(0, 8).map((c) => (
          <li key={c.id}>
            <button
              className={other?.id === c.id ? 'pick on' : 'pick'}
              data-testid="contact-merge-candidate"
              data-contact={c.id}
              onClick={() => setOther(c)}
            >
              <strong>
                <UserText text={contactLabel(c, t)} />
              </strong>
              <small>
                <UserText text={c.email || c.phone} />
              </small>
            </button>
          </li>
        ))}
      </ul>
      {other && (
        <fieldset className="merge-keep">
          <legend>{t('contacts.mergeKeep')}</legend>
          {[contact, other].map((c) => (
            <label key={c.id}>
              <input
                type="radio"
                name="survivor"
                data-testid={c.id === contact.id ? 'contact-merge-keep-this' : 'contact-merge-keep-other'}
                checked={keepOther === (c.id === other.id)}
                onChange={() => setKeepOther(c.id === other.id)}
              />{' '}
              <UserText text={contactLabel(c, t)} />
            </label>
          ))}
        </fieldset>
      )}
      <div className="row">
        <button data-testid="contact-merge-confirm" disabled={!other} onClick={merge}>
          {t('contacts.mergeButton')}
        </button>
        <button className="secondary" onClick={onCancel}>
          {t('contacts.cancel')}
        </button>
      </div>
      {error && <ErrorLine code={error} />}
    </div>
  );
}
