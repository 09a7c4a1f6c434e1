import { useState, type ChangeEvent } from 'react';
import type { AdminApi } from '@parley/client';
import {
  MAX_OFFLINE_IMAGE_BYTES,
  MAX_OFFLINE_TEXT,
  OFFLINE_IMAGE_TYPES,
  type ErrorCode,
  type LinkView,
  type OfflineImageType,
} from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from './ui.tsx';
import { errorCode, useLoad } from './useLoad.ts';

function isImageType(type: string): type is OfflineImageType {
  return (OFFLINE_IMAGE_TYPES as readonly string[]).includes(type);
}

/** The offline picture of a link (F-10): preview, upload, remove. */
export function OfflineImage({
  api,
  link,
  onChanged,
}: {
  api: AdminApi;
  link: LinkView;
  onChanged: (link: LinkView) => void;
}) {
  const { t } = useT();
  const [error, setError] = useState<ErrorCode | null>(null);
  // The picture's URL stays the same across uploads; a version makes the preview reload.
  const [version, setVersion] = useState(0);
  const done = (updated: LinkView) => {
    setVersion((v) => v + 1);
    onChanged(updated);
  };
  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    setError(null);
    if (!isImageType(file.type)) {
      setError('invalid_image');
      return;
    }
    if (file.size > MAX_OFFLINE_IMAGE_BYTES) {
      setError('message_too_large');
      return;
    }
    api.setOfflineImage(link.id, file, file.type).then(done, (e: unknown) => setError(errorCode(e)));
  };
  const remove = () => {
    setError(null);
    api.removeOfflineImage(link.id).then(done, (e: unknown) => setError(errorCode(e)));
  };
  return (
    <div className="offline-image">
      <span className="copy-label">{t('links.offlineImage')}</span>
      <div className="offline-image-row">
        {link.offlineImageUrl && (
          <img
            src={`${link.offlineImageUrl}?v=${version}`}
            alt={t('links.offlineImage')}
            data-testid="offline-preview"
          />
        )}
        <label className="file">
          {t('links.uploadImage')}
          <input type="file" accept={OFFLINE_IMAGE_TYPES.join(',')} onChange={upload} data-testid="offline-upload" />
        </label>
        {link.offlineImageUrl && (
          <button type="button" className="secondary" onClick={remove} data-testid="offline-remove">
            {t('links.removeImage')}
          </button>
        )}
      </div>
      <ErrorLine code={error} />
    </div>
  );
}

/** For consultants: the offline text and picture of the links they are assigned to (F-10). */
export function OfflineNotice({ api }: { api: AdminApi }) {
  const { t } = useT();
  const links = useLoad(() => api.myLinks());
  const replace = (link: LinkView) => links.setData((list) => list?.map((l) => (l.id === link.id ? link : l)));
  return (
    <section className="panel" data-testid="offline-notice">
      <header className="panel-head">
        <h1>{t('nav.offline')}</h1>
      </header>
      <p className="muted">{t('offline.intro')}</p>
      <ErrorLine code={links.error} />
      {links.data?.length === 0 && <p className="muted">{t('offline.none')}</p>}
      {links.data?.map((link) => (
        <OfflineCard key={link.id} api={api} link={link} onChanged={replace} />
      ))}
    </section>
  );
}

function OfflineCard({ api, link, onChanged }: { api: AdminApi; link: LinkView; onChanged: (link: LinkView) => void }) {
  const { t } = useT();
  const [text, setText] = useState(link.offlineText);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [saved, setSaved] = useState(false);
  const save = () => {
    setError(null);
    api.setOfflineText(link.id, text).then(
      (updated) => {
        setSaved(true);
        onChanged(updated);
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  return (
    <article className="card link-card">
      <h2>{link.name}</h2>
      <label>
        {t('links.offlineText')}
        <textarea
          rows={2}
          maxLength={MAX_OFFLINE_TEXT}
          value={text}
          onChange={(e) => {
            setSaved(false);
            setText(e.currentTarget.value);
          }}
        />
      </label>
      <div className="actions">
        <button className="primary" onClick={save} disabled={text === link.offlineText}>
          {t('common.save')}
        </button>
        {saved && <span className="muted">{t('common.saved')}</span>}
      </div>
      <ErrorLine code={error} />
      <OfflineImage api={api} link={link} onChanged={onChanged} />
    </article>
  );
}
