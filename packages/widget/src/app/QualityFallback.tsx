import type { CallQuality } from '@parley/protocol';
import type { LocalMedia } from '@parley/client';
import type { Translate } from '@parley/i18n';

export type Receive = 'all' | 'voice' | 'text';

interface Props {
  level: CallQuality | undefined;
  receive: Receive;
  media: LocalMedia;
  onReceive: (receive: Receive) => void;
  t: Translate;
}

/**
 * [NW5] On a bad link the visitor is offered less: voice only (no video either way) or text only
 * (no media either way; the chat stays). Once taken it stays until the visitor turns media back
 * on, whatever the indicator says next: a link that recovers because video stopped would
 * otherwise flip back into trouble.
 */
export function QualityFallback({ level, receive, media, onReceive, t }: Props) {
  const take = async (less: Exclude<Receive, 'all'>) => {
    onReceive(less);
    await media.setCamera(false);
    if (less === 'text') await media.setMicrophone(false);
  };
  const restore = async () => {
    onReceive('all');
    await media.setCamera(true);
    await media.setMicrophone(true);
  };
  if (receive !== 'all')
    return (
      <div class="banner quality-fallback" role="status" data-testid="quality-fallback-on">
        <span>{t(receive === 'voice' ? 'quality.onVoice' : 'quality.onText')}</span>
        <button type="button" class="secondary" data-testid="quality-restore" onClick={() => void restore()}>
          {t('quality.restore')}
        </button>
      </div>
    );
  if (level !== 'bad') return null;
  return (
    <div class="banner quality-fallback" role="alert" data-testid="quality-offer">
      <span>{t('quality.offer')}</span>
      <button type="button" class="secondary" data-testid="quality-voice-only" onClick={() => void take('voice')}>
        {t('quality.voiceOnly')}
      </button>
      <button type="button" class="secondary" data-testid="quality-text-only" onClick={() => void take('text')}>
        {t('quality.textOnly')}
      </button>
    </div>
  );
}
