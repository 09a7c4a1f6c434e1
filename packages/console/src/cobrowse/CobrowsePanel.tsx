import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { RecordingAssembler, sendCobrowse, type ConsultantClient } from '@parley/client';
import type { CobrowseSignal, ConversationView } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ControlBar } from './ControlBar.tsx';
import './cobrowse.css';

type Phase = 'idle' | 'asking' | 'declined' | 'live' | 'ended';
type Guide = Extract<CobrowseSignal, { kind: 'pointer' | 'pointer-off' | 'highlight' | 'scroll' | 'click' }>;
const guideKinds = new Set(['pointer', 'pointer-off', 'highlight', 'scroll']);

/**
 * [CB1]–[CB5] Co-browsing in the consultant's conversation: "May I see your page?", then the
 * visitor's page replayed live (in /console/replay.html, see replayMain.ts), and the
 * consultant's pointer, highlight and scroll sent back to the visitor's page.
 */
export function CobrowsePanel({ client, conversation }: { client: ConsultantClient; conversation: ConversationView }) {
  const { t } = useT();
  const id = conversation.id;
  const [phase, setPhase] = useState<Phase>('idle');
  const frame = useRef<HTMLIFrameElement>(null);
  /** Batches that arrived before the replay page was ready to take them. */
  const pending = useRef<unknown[][]>([]);
  const ready = useRef(false);
  // As the conversation's heading names them (an unnamed visitor is "Visitor").
  const name = conversation.visitorName || t('desk.remote');
  // [CB8] Control: granted by the visitor; used when the consultant switches to acting.
  const [granted, setGranted] = useState(false);
  const [acting, setActing] = useState(false);
  const [field, setField] = useState<number | null>(null);
  const [refused, setRefused] = useState(false);
  const actingRef = useRef(false);
  actingRef.current = granted && acting;
  const endControl = (): void => {
    setGranted(false);
    setActing(false);
    setField(null);
    setRefused(false);
  };

  useEffect(() => {
    const assembler = new RecordingAssembler();
    const toReplay = (message: object): void => {
      frame.current?.contentWindow?.postMessage(message, location.origin);
    };
    const restart = (): void => {
      assembler.reset();
      pending.current = [];
      toReplay({ parley: 'replay-reset' });
    };
    const off = client.connection.on('cobrowse', ({ conversationId, signal }) => {
      if (conversationId !== id) return;
      if (signal.kind === 'control') {
        if (signal.granted) setGranted(true);
        else endControl();
      } else if (signal.kind === 'refused') {
        setRefused(true);
      } else if (signal.kind === 'answer') {
        endControl();
        // [CB6] Also after a page load on the visitor's side: a fresh page, a fresh replay (in
        // the replay page already there, or in a new one that says when it is ready).
        restart();
        if (!frame.current) ready.current = false;
        setPhase(signal.accepted ? 'live' : 'declined');
      } else if (signal.kind === 'stop') {
        endControl();
        restart();
        ready.current = false;
        setPhase('ended');
      } else if (signal.kind === 'events') {
        const events = assembler.push(signal);
        if (!events) return;
        if (ready.current) toReplay({ parley: 'replay-events', events });
        else pending.current.push(events);
      }
    });
    // The replay page speaks only from the frame this panel made, on Parley's origin.
    const onMessage = (event: MessageEvent): void => {
      if (event.origin !== location.origin || !frame.current || event.source !== frame.current.contentWindow) return;
      const data = event.data as { parley?: unknown; signal?: { kind?: unknown } } | null;
      if (data?.parley === 'replay-ready') {
        ready.current = true;
        toReplay({ parley: 'replay-mode', acting: actingRef.current });
        for (const events of pending.current.splice(0)) toReplay({ parley: 'replay-events', events });
      } else if (data?.parley === 'replay-guide' && guideKinds.has(String(data.signal?.kind))) {
        sendCobrowse(client.connection, id, data.signal as Guide);
      } else if (data?.parley === 'replay-guide' && data.signal?.kind === 'click' && actingRef.current) {
        setRefused(false);
        sendCobrowse(client.connection, id, data.signal as Guide);
      } else if (data?.parley === 'replay-field' && actingRef.current) {
        const node = (data as { node?: unknown }).node;
        if (typeof node !== 'number') return;
        setField(node);
        setRefused(false);
      }
    };
    window.addEventListener('message', onMessage);
    return () => {
      off();
      window.removeEventListener('message', onMessage);
    };
  }, [client, id]);

  // [CB8] The replay page turns clicks into actions only while acting.
  useEffect(() => {
    frame.current?.contentWindow?.postMessage({ parley: 'replay-mode', acting: granted && acting }, location.origin);
  }, [granted, acting, phase]);

  const [pushUrl, setPushUrl] = useState('');
  /** [CB6] "Open this page?" for the visitor; the server keeps the URL in the chat history. */
  const push = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const url = pushUrl.trim();
    if (!url) return;
    sendCobrowse(client.connection, id, { kind: 'push', url });
    setPushUrl('');
  };
  const ask = (): void => {
    sendCobrowse(client.connection, id, { kind: 'ask' });
    setPhase('asking');
  };
  const stop = (): void => {
    endControl();
    sendCobrowse(client.connection, id, { kind: 'stop' });
    ready.current = false;
    setPhase('ended');
  };

  return (
    <div className="cobrowse" data-testid="cobrowse">
      {phase !== 'live' ? (
        <div className="cobrowse-bar">
          <button type="button" className="secondary" data-testid="cobrowse-ask" onClick={ask}>
            {t('cobrowse.ask')}
          </button>
          <span className="hint" role="status" data-testid="cobrowse-status">
            {phase === 'asking'
              ? t('cobrowse.asking', { name })
              : phase === 'declined'
                ? t('cobrowse.declined', { name })
                : phase === 'ended'
                  ? t('cobrowse.ended')
                  : ''}
          </span>
        </div>
      ) : (
        <>
          <div className="cobrowse-bar">
            <p className="hint">{t('cobrowse.guideHint', { name })}</p>
            <button type="button" className="secondary" data-testid="cobrowse-stop-view" onClick={stop}>
              {t('cobrowse.stopView')}
            </button>
          </div>
          {granted && (
            <ControlBar
              name={name}
              acting={acting}
              onActing={(on) => {
                setActing(on);
                setField(null);
              }}
              field={field}
              onType={(node, value) => {
                setRefused(false);
                sendCobrowse(client.connection, id, { kind: 'type', node, value });
              }}
              refused={refused}
            />
          )}
          <iframe
            ref={frame}
            className="cobrowse-replay"
            data-testid="cobrowse-replay"
            title={t('cobrowse.replayTitle', { name })}
            src="/console/replay.html"
          />
        </>
      )}
      <form className="cobrowse-push" onSubmit={push}>
        <label htmlFor={`push-${id}`}>{t('cobrowse.pushLabel')}</label>
        <input
          id={`push-${id}`}
          type="url"
          required
          placeholder="https://"
          data-testid="cobrowse-push-url"
          value={pushUrl}
          onChange={(e) => setPushUrl(e.target.value)}
        />
        <button type="submit" className="secondary" data-testid="cobrowse-push-send">
          {t('cobrowse.pushSend')}
        </button>
      </form>
    </div>
  );
}
