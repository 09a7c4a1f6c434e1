import { useState, type SubmitEvent } from 'react';
import { DeskApi } from '@parley/client';
import type { ContactBody, ContactView, ErrorCode } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode } from '../admin/useLoad.ts';

const api = new DeskApi(location.origin);

/**
 * [CT3] A contact typed in by a consultant, or one they correct: name, e-mail, phone and a note.
 * The server validates every field and answers `invalid_message` for a bad one.
 */
export function ContactForm({
  contact,
  onSaved,
  onCancel,
}: {
  contact: ContactView | null;
  onSaved: (contact: ContactView) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const [body, setBody] = useState<ContactBody>({
    name: contact?.name ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    note: contact?.note ?? '',
  });
  const [error, setError] = useState<ErrorCode | null>(null);
  const field = (key: keyof ContactBody) => ({
    value: body[key],
    'data-testid': `contact-form-${key}`,
    onChange: (e: { currentTarget: { value: string } }) => setBody({ ...body, [key]: e.currentTarget.value }),
  });
  const save = (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    const saving = contact ? api.updateContact(contact.id, body) : api.createContact(body);
    saving.then(onSaved, (failure: unknown) => setError(errorCode(failure)));
  };
  return (
    <form className="contact-form wrap-up" data-testid="contact-form" onSubmit={save}>
      <h2>{contact ? t('contacts.editTitle') : t('contacts.new')}</h2>
      <label>
        {t('contacts.name')}
        <input required maxLength={200} autoComplete="off" {...field('name')} />
      </label>
      <label>
        {t('contacts.email')}
        <input type="email" maxLength={254} autoComplete="off" {...field('email')} />
      </label>
      <label>
        {t('contacts.phone')}
        <input type="tel" maxLength={40} autoComplete="off" {...field('phone')} />
      </label>
      <label>
        {t('contacts.note')}
        <textarea rows={4} maxLength={2000} {...field('note')} />
      </label>
      <div className="row">
        <button type="submit" data-testid="contact-form-save">
          {t('contacts.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('contacts.cancel')}
        </button>
      </div>
      {error && <ErrorLine code={error} />}
    </form>
  );
}
