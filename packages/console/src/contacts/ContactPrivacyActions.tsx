import { useState } from 'react';
import { AdminApi } from '@parley/client';
import type { ContactView, ErrorCode } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode } from '../admin/useLoad.ts';

const admin = new AdminApi(location.origin);

/** [GD3][GD4] An admin downloads everything stored about a contact, or erases it after confirming. */
export function ContactPrivacyActions({ contact, onErased }: { contact: ContactView; onErased: () => void }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const erase = () => {
    setError(null);
    admin.eraseContact(contact.id).then(
      () => {
        setConfirming(false);
        onErased();
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  return (
    <div className="contact-privacy" data-testid="contact-privacy">
      <div className="row">
        <a className="secondary" href={admin.contactExportUrl(contact.id)} download data-testid="contact-export">
          {t('privacy.contact.export')}
        </a>
        <button className="danger" data-testid="contact-erase" onClick={() => setConfirming(true)}>
          {t('privacy.contact.erase')}
        </button>
      </div>
      {confirming && (
        <div className="card notice" role="alertdialog" aria-live="polite" data-testid="contact-erase-confirm">
          <p>{t('privacy.contact.confirm', { name: contact.name || contact.externalId })}</p>
          <div className="row">
            <button className="danger" data-testid="contact-erase-confirmed" onClick={erase}>
              {t('privacy.contact.confirmButton')}
            </button>
            <button className="secondary" onClick={() => setConfirming(false)}>
              {t('privacy.contact.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && <ErrorLine code={error} />}
    </div>
  );
}
