import { useEffect, useRef, useState } from 'preact/hooks';
import { recordingSignals, sendCobrowse, type VisitorClient } from '@parley/client';
import type { Translate } from '@parley/i18n';
import type { ConversationView } from '@parley/protocol';
import { consentRemembered, controlOffered, forgetConsent, rememberConsent } from './consent.ts';
import './cobrowse.css';

interface Props {
  client: VisitorClient;
  conversation: ConversationView;
  connected: boolean;
  /** The embedding page's origin: the loader there records the page; nothing goes elsewhere. */
  parentOrigin: string | undefined;
  t: Translate;
}

type Phase = 'idle' | 'asked' | 'sharing';

function sameOrigin(url: string, origin: string | undefined): boolean {
  try {
    return origin !== undefined && new URL(url).origin === origin;
  } catch {
    return false;
  }
}
const guideKinds = new Set(['pointer', 'pointer-off', 'highlight', 'scroll']);
const controlKinds = new Set(['click', 'type']);

/**
 * [CB1] The visitor's side of co-browsing: the consultant's "May I see your page?" becomes a
 * question here, and only "Share this page" makes the loader record the page (never silently).
 * The visitor can stop here or on the page's badge at any time. [CB6] The consent lasts for this
 * conversation: after a page load (a pushed page, a link) sharing starts again by itself.
 */
export function Cobrowse({ client, conversation, connected, parentOrigin, t }: Props) {
  const id = conversation.id;
  const name = conversation.consultantName ?? '';
  const [phase, setPhase] = useState<Phase>('idle');
  const [pushed, setPushed] = useState<string | null>(null);
  // [CB8] Whether the tenant lets the visitor grant control (the ask said so), and the grant.
  const [controlAllowed, setControlAllowed] = useState(() => controlOffered(id));
  const [granted, setGranted] = useState(false);
  const seq = useRef(0);
  const wasConnected = useRef(false);
  const framed = parentOrigin !== undefined && window.parent !== window;

  const toPage = (message: object): void => {
    if (framed) window.parent.postMessage({ parley: 'cobrowse', ...message }, parentOrigin);
  };
  /** Starts (or restarts, with a fresh snapshot) the recording on the page. */
  const share = (): void => {
    setGranted(false);
    toPage({ action: 'stop' });
    seq.current = 0;
    sendCobrowse(client.connection, id, { kind: 'answer', accepted: true });
    toPage({
      action: 'start',
      labels: { sharing: t('cobrowse.sharing', { name }), stop: t('cobrowse.stop'), pointer: name },
    });
    setPhase('sharing');
  };
  const stop = (): void => {
    setGranted(false);
    forgetConsent(id);
    toPage({ action: 'stop' });
    sendCobrowse(client.connection, id, { kind: 'stop' });
    setPhase('idle');
  };
  /** [CB8] Grants or takes back control: the server, the consultant and the page all learn it. */
  const setControl = (on: boolean): void => {
    sendCobrowse(client.connection, id, { kind: 'control', granted: on });
    toPage({ action: 'guide', signal: { kind: 'control', granted: on, label: t('cobrowse.controlOn', { name }) } });
    setGranted(on);
  };
  // The handlers below see the latest closures through a ref (the effects subscribe once).
  const latest = useRef({ share, stop, phase, granted });
  latest.current = { share, stop, phase, granted };

  useEffect(() => {
    const off = client.connection.on('cobrowse', ({ conversationId, signal }) => {
      if (conversationId !== id) return;
      const now = latest.current;
      if (signal.kind === 'ask') {
        setControlAllowed(signal.control === true);
        // Asked again while shared (the consultant reopened the view): a fresh snapshot.
        if (now.phase === 'sharing') now.share();
        else setPhase('asked');
      } else if (signal.kind === 'stop') {
        forgetConsent(id);
        toPage({ action: 'stop' });
        setGranted(false);
        setPhase('idle');
      } else if (signal.kind === 'push') {
        // [CB6] Only a page of the tenant's sites, or of the site the visitor is on, is offered.
        if (signal.site === true || sameOrigin(signal.url, parentOrigin)) setPushed(signal.url);
      } else if (guideKinds.has(signal.kind) && now.phase === 'sharing') {
        toPage({ action: 'guide', signal });
      } else if (controlKinds.has(signal.kind) && now.phase === 'sharing' && now.granted) {
        // [CB8] The page checks again (granted, never private, password or payment fields).
        toPage({ action: 'guide', signal });
      }
    });
    const onPage = (event: MessageEvent): void => {
      if (!framed || event.source !== window.parent || event.origin !== parentOrigin) return;
      const data = event.data as { parley?: unknown; events?: unknown } | null;
      if (data?.parley === 'cobrowse-events' && Array.isArray(data.events) && latest.current.phase === 'sharing') {
        for (const signal of recordingSignals(data.events as unknown[], seq.current)) {
          sendCobrowse(client.connection, id, signal);
          seq.current = signal.seq + 1;
        }
      } else if (data?.parley === 'cobrowse-stopped' && latest.current.phase === 'sharing') latest.current.stop();
      else if (data?.parley === 'cobrowse-refused') sendCobrowse(client.connection, id, { kind: 'refused' });
    };
    window.addEventListener('message', onPage);
    return () => {
      off();
      window.removeEventListener('message', onPage);
      // The conversation ended (or this view went): the page stops recording.
      toPage({ action: 'stop' });
    };
  }, [client, id, parentOrigin]);

  // [CB6] (Re)connected with consent remembered: after a page load, or a dropped socket whose
  // frames were lost, sharing starts again from a fresh snapshot.
  useEffect(() => {
    if (connected && !wasConnected.current && consentRemembered(id)) latest.current.share();
    wasConnected.current = connected;
  }, [connected, id]);

  if (pushed !== null) {
    return (
      <section
        class="card cobrowse-consent"
        role="alertdialog"
        aria-labelledby="cobrowse-push-title"
        data-testid="cobrowse-push"
      >
        <h2 id="cobrowse-push-title">{t('cobrowse.pushTitle')}</h2>
        <p class="cobrowse-url">{t('cobrowse.pushText', { name, url: pushed })}</p>
        <div class="cobrowse-actions">
          <button
            type="button"
            class="primary"
            data-testid="cobrowse-push-open"
            onClick={() => {
              // The loader opens it in this tab; the conversation resumes there, and so does sharing.
              toPage({ action: 'open', url: pushed });
              setPushed(null);
            }}
          >
            {t('cobrowse.pushOpen')}
          </button>
          <button type="button" class="secondary" data-testid="cobrowse-push-stay" onClick={() => setPushed(null)}>
            {t('cobrowse.pushStay')}
          </button>
        </div>
      </section>
    );
  }
  if (phase === 'asked') {
    return (
      <section
        class="card cobrowse-consent"
        role="alertdialog"
        aria-labelledby="cobrowse-title"
        data-testid="cobrowse-consent"
      >
        <h2 id="cobrowse-title">{t('cobrowse.consentTitle', { name })}</h2>
        <p>{t('cobrowse.consentText')}</p>
        <div class="cobrowse-actions">
          <button
            type="button"
            class="primary"
            data-testid="cobrowse-allow"
            onClick={() => {
              rememberConsent(id, controlAllowed);
              share();
            }}
          >
            {t('cobrowse.allow')}
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="cobrowse-deny"
            onClick={() => {
              sendCobrowse(client.connection, id, { kind: 'answer', accepted: false });
              setPhase('idle');
            }}
          >
            {t('cobrowse.deny')}
          </button>
        </div>
      </section>
    );
  }
  if (phase === 'sharing') {
    return (
      <>
        <p class="banner cobrowse-sharing" role="status" data-testid="cobrowse-sharing">
          <span>{t('cobrowse.sharing', { name })}</span>
          <button type="button" class="secondary" data-testid="cobrowse-stop-app" onClick={stop}>
            {t('cobrowse.stop')}
          </button>
        </p>
        {/* [CB8] Control, separate from sharing: offered only where the tenant allows it. */}
        {granted ? (
          <p class="banner cobrowse-sharing cobrowse-control" role="status" data-testid="cobrowse-control-on">
            <span>{t('cobrowse.controlOn', { name })}</span>
            <button
              type="button"
              class="secondary"
              data-testid="cobrowse-control-revoke"
              onClick={() => setControl(false)}
            >
              {t('cobrowse.controlRevoke')}
            </button>
          </p>
        ) : (
          controlAllowed && (
            <p class="cobrowse-actions">
              <button
                type="button"
                class="secondary"
                data-testid="cobrowse-control-grant"
                onClick={() => setControl(true)}
              >
                {t('cobrowse.controlOffer', { name })}
              </button>
            </p>
          )
        )}
      </>
    );
  }
  return null;
}
