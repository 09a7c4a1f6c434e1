import { useEffect, useState } from 'react';
import type { CallLink, PeerCall } from '@parley/client';
import type { Translate } from '@parley/i18n';

/** [CB7] The call's link state ('connecting', 'connected', 'reconnecting') while `call` lives. */
export function useCallLink(call: PeerCall | undefined): CallLink | undefined {
  const [link, setLink] = useState<CallLink | undefined>(call?.link);
  useEffect(() => {
    setLink(call?.link);
    return call?.on('link', setLink);
  }, [call]);
  return link;
}

/** [CB7] "Reconnecting the call…", shown on both sides while a call that had media gets it back. */
export function ReconnectingNotice({ link, t }: { link: CallLink | undefined; t: Translate }) {
  if (link !== 'reconnecting') return null;
  return (
    <p className="banner reconnecting" role="status" data-testid="call-reconnecting">
      {t('call.reconnecting')}
    </p>
  );
}
