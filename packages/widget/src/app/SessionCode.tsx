import { useEffect, useRef, useState } from 'preact/hooks';
import type { VisitorClient, VisitorState } from '@parley/client';
import type { Translate } from '@parley/i18n';

/**
 * [AP8] A code brought by the `/s` page or a personal link is entered once the app is connected
 * and has no open request; it is then taken out of the address, so a reload does not resend it
 * (the resumed conversation carries on instead). Returns how to enter a typed code.
 */
export function useSessionCode(
  client: VisitorClient,
  state: VisitorState,
  fromAddress: string | null,
): (code: string) => void {
  const pending = useRef(fromAddress);
  const waiting = state.conversation?.state === 'queued' || state.conversation?.state === 'ringing';
  const busy = waiting || state.conversation?.state === 'active';
  useEffect(() => {
    const code = pending.current;
    if (state.status !== 'open' || !code) return;
    pending.current = null;
    const url = new URL(location.href);
    url.searchParams.delete('session');
    history.replaceState(history.state, '', url);
    if (!busy) client.request(undefined, undefined, { sessionCode: code });
  }, [client, state.status, busy]);
  return (code) => client.request(undefined, undefined, { sessionCode: code });
}

/** [AP8] "I have a session code": a typed code opens the planned session's waiting room. */
export function SessionCodeEntry({
  t,
  disabled,
  onCode,
}: {
  t: Translate;
  disabled: boolean;
  onCode: (code: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  if (!open)
    return (
      <button type="button" class="link" data-testid="have-code" onClick={() => setOpen(true)}>
        {t('session.haveCode')}
      </button>
    );
  return (
    <div class="session-code" role="group" aria-label={t('session.codeLabel')}>
      <label>
        {t('session.codeLabel')}
        <input
          data-testid="session-code-input"
          value={code}
          maxLength={16}
          autocomplete="one-time-code"
          autocapitalize="characters"
          spellcheck={false}
          onInput={(e) => setCode(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (code.trim()) onCode(code);
            }
          }}
        />
      </label>
      <div class="row">
        <button
          type="button"
          class="primary"
          data-testid="session-code-enter"
          disabled={disabled || !code.trim()}
          onClick={() => onCode(code)}
        >
          {t('session.enter')}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {t('session.back')}
        </button>
      </div>
    </div>
  );
}
