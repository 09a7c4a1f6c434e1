import { useEffect, useState } from 'react';
import type { Translate } from '@parley/i18n';
import type { ServerMessageOf } from '@parley/protocol';

/** [TP4][TP7] A call in phone mode: where to dial, this side's own PIN, whose phone is on. */
export type DialInInfo = ServerMessageOf<'call.phone'>;

/** Anything that tells a call's dial-in details (the consultant's or the visitor's client). */
interface PhoneSource {
  on(type: 'phone', listener: (info: DialInInfo) => void): () => void;
  /** [TP10] The details already known (a view that mounts after they came, as on a reloaded page). */
  dialIn(conversationId: string): DialInInfo | undefined;
}

/** The call's dial-in details once the consultant chose "audio via telephone"; null before. */
export function useDialIn(client: PhoneSource, conversationId: string | undefined): DialInInfo | null {
  const [info, setInfo] = useState<DialInInfo | null>(() => knownDialIn(client, conversationId));
  useEffect(() => {
    setInfo(knownDialIn(client, conversationId));
    return client.on('phone', (next) => {
      if (next.conversationId === conversationId) setInfo(next);
    });
  }, [client, conversationId]);
  return info;
}

function knownDialIn(client: PhoneSource, conversationId: string | undefined): DialInInfo | null {
  return conversationId ? (client.dialIn(conversationId) ?? null) : null;
}

/**
 * [TP4][TP7] "Audio via telephone", shown on both sides: the dial-in number(s) and this side's PIN,
 * and whose phone is connected. Camera and screen sharing stay on the web.
 */
export function DialInPanel({ info, t }: { info: DialInInfo; t: Translate }) {
  return (
    <section className="dial-in banner" role="status" aria-live="polite" data-testid="dial-in">
      <strong>{t('phone.title')}</strong>
      <p>{t('phone.howTo', { count: info.numbers.length })}</p>
      <dl>
        <dt>{t('phone.numbers')}</dt>
        {info.numbers.map((number) => (
          <dd key={number} data-testid="dial-in-number">
            <a href={`tel:${number.replace(/[^\d+]/g, '')}`}>{number}</a>
          </dd>
        ))}
        <dt>{t('phone.pin')}</dt>
        <dd data-testid="dial-in-pin" className="dial-in-pin">
          {info.pin}
        </dd>
      </dl>
      <p>{t('phone.stays')}</p>
      {info.mine && <p data-testid="dial-in-mine">{t('phone.mineConnected')}</p>}
      {info.others && <p data-testid="dial-in-other">{t('phone.otherConnected')}</p>}
    </section>
  );
}
