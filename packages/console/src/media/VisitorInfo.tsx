import type { ConversationView } from '@parley/protocol';
import { useT } from '../i18n.ts';

/** [MD1][MD2][MD3] How the visitor joined: media check, mode and browser. */
export function VisitorInfo({ conversation }: { conversation: ConversationView }) {
  const { t } = useT();
  const setup = conversation.visitorSetup;
  // [AP8] A guest with a session code is still in the media check.
  if (!setup)
    return conversation.appointment ? (
      <ul className="visitor-info" data-testid="visitor-info">
        <li className="warn" data-testid="media-check">
          {t('appointment.setupPending')}
        </li>
      </ul>
    ) : null;
  const withoutCheck = setup.mediaCheck !== 'passed';
  return (
    <ul className="visitor-info" data-testid="visitor-info">
      <li className={withoutCheck ? 'warn' : 'ok'} data-testid="media-check">
        {t(`setup.${setup.mediaCheck}`)}
      </li>
      <li data-testid="visitor-mode">{t('setup.mode', { mode: t(`mode.${setup.mode}`) })}</li>
      {!setup.webrtc && <li className="warn">{t('setup.noWebrtc')}</li>}
      {setup.client && (
        <li data-testid="visitor-browser">
          {t('setup.browser', {
            browser: setup.client.browser,
            version: setup.client.browserVersion,
            os: setup.client.os,
            device: setup.client.device,
          })}
        </li>
      )}
    </ul>
  );
}
