import { useEffect, useState } from 'preact/hooks';
import type { VisitorClient } from '@parley/client';
import type { Translate } from '@parley/i18n';
import type { Locale } from '@parley/protocol';

/** [Y1] On the closed screen: the visitor may have the transcript e-mailed (F-30). */
export function TranscriptForm({ client, t, locale }: { client: VisitorClient; t: Translate; locale: Locale }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  useEffect(() => client.on('transcript', () => setSent(true)), [client]);
  if (sent) {
    return (
      <p class="hint" role="status" data-testid="transcript-sent">
        {t('transcript.sent')}
      </p>
    );
  }
  return (
    <form
      class="transcript"
      onSubmit={(e) => {
        e.preventDefault();
        client.sendTranscript(email, locale);
      }}
    >
      <label>
        {t('transcript.offer')}
        <input
          type="email"
          required
          maxLength={254}
          data-testid="transcript-email"
          value={email}
          placeholder={t('transcript.emailLabel')}
          autocomplete="email"
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="secondary" data-testid="transcript-send">
        {t('transcript.send')}
      </button>
    </form>
  );
}
