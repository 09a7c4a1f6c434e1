import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { api, ApiError } from '@parley/client';
import type { SupportVideo, SupportVideoList } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';

interface Props {
  playing: SupportVideo | null;
  onPlay: (video: SupportVideo, url: string) => void;
  onStop: () => void;
}

/**
 * The tenant's support-video library (F-19, [MD7]): upload, delete, and Play into the call
 * in place of the camera ([MD8]). Clips are fetched as blobs, so playback needs no range requests.
 */
export function SupportVideos({ playing, onPlay, onStop }: Props) {
  const { t } = useT();
  const [videos, setVideos] = useState<SupportVideo[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<SupportVideoList>(location.origin, '/api/v1/support-videos').then(
      (list) => setVideos(list.videos),
      (e: unknown) => setError(e instanceof ApiError ? e.code : 'internal_error'),
    );
  }, []);
  useEffect(load, [load]);

  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    const path = `/api/v1/support-videos?name=${encodeURIComponent(file.name.slice(0, 120))}`;
    api(location.origin, path, {
      method: 'POST',
      body: file,
      headers: { 'content-type': file.type || 'application/octet-stream' },
    })
      .then(load, (e: unknown) => setError(e instanceof ApiError ? e.code : 'internal_error'))
      .finally(() => setBusy(false));
  };
  const play = async (video: SupportVideo) => {
    const response = await fetch(`/api/v1/support-videos/${encodeURIComponent(video.id)}/file`);
    if (!response.ok) {
      setError('not_found');
      return;
    }
    onPlay(video, URL.createObjectURL(await response.blob()));
  };
  const remove = (video: SupportVideo) => {
    api(location.origin, `/api/v1/support-videos/${encodeURIComponent(video.id)}`, { method: 'DELETE' }).then(
      load,
      () => setError('internal_error'),
    );
  };

  return (
    <div className="support card" data-testid="support-videos">
      <div className="support-head">
        <h3>{t('support.title')}</h3>
        <label className="upload secondary">
          {t(busy ? 'support.uploading' : 'support.upload')}
          <input
            type="file"
            accept="video/webm,video/mp4,video/ogg"
            data-testid="support-upload"
            onChange={upload}
            disabled={busy}
          />
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {t(`error.${error}` as MessageKey)}
        </p>
      )}
      {videos.length === 0 ? (
        <p className="hint">{t('support.empty')}</p>
      ) : (
        <ul className="support-list">
          {videos.map((v) => (
            <li key={v.id} data-testid="support-video">
              <span className="name">{v.name}</span>
              {playing?.id === v.id ? (
                <button type="button" className="danger" data-testid="support-stop" onClick={onStop}>
                  {t('support.stop')}
                </button>
              ) : (
                <button type="button" className="primary" data-testid="support-play" onClick={() => void play(v)}>
                  {t('support.play')}
                </button>
              )}
              <button
                type="button"
                className="link"
                onClick={() => remove(v)}
                aria-label={`${t('support.delete')} ${v.name}`}
              >
                {t('support.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
