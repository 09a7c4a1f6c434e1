import type { RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createI18n, translator, type SupportedLocale, type Translate } from '@parley/i18n';
import type { VisitorClient, VisitorState } from '@parley/client';

/** One i18next instance for the app; switching language re-renders every string. */
export function useI18n(initial: SupportedLocale): {
  t: Translate;
  locale: SupportedLocale;
  setLocale: (l: SupportedLocale) => void;
} {
  const i18n = useMemo(() => createI18n(initial), [initial]);
  const [locale, setLocaleState] = useState(initial);
  const t = useMemo<Translate>(() => {
    const translate = translator(i18n);
    return (key, values) => translate(key, values);
    // A new function per locale makes every consumer re-render with the new language.
  }, [i18n, locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return {
    t,
    locale,
    setLocale: (l) => {
      void i18n.changeLanguage(l);
      setLocaleState(l);
    },
  };
}

export function useVisitorState(client: VisitorClient): VisitorState {
  const [state, setState] = useState(client.state);
  useEffect(() => client.on('change', setState), [client]);
  return state;
}

export type MediaProblem = 'denied' | 'none' | 'busy' | 'unsupported';

/** The visitor's camera and microphone, asked for once; problems are classified for the UI. */
export function useLocalMedia(enabled = true): {
  stream: MediaStream | null;
  problem: MediaProblem | null;
  ready: boolean;
} {
  const [result, setResult] = useState<{ stream: MediaStream | null; problem: MediaProblem | null; ready: boolean }>({
    stream: null,
    problem: null,
    ready: false,
  });
  useEffect(() => {
    // Broadcast viewers never give camera or microphone ([B2]): nothing is asked for.
    if (!enabled) return;
    let cancelled = false;
    // Typed as always present, but undefined outside a secure context and in old browsers.
    const devices = navigator.mediaDevices as MediaDevices | undefined;
    if (typeof devices?.getUserMedia !== 'function') {
      setResult({ stream: null, problem: 'unsupported', ready: true });
      return;
    }
    devices
      .getUserMedia({ video: true, audio: true })
      .then((stream) => {
        if (cancelled) stream.getTracks().forEach((t) => t.stop());
        else setResult({ stream, problem: null, ready: true });
      })
      .catch((error: unknown) => {
        const name = error instanceof DOMException ? error.name : '';
        const problem: MediaProblem =
          name === 'NotAllowedError' || name === 'SecurityError'
            ? 'denied'
            : name === 'NotReadableError' || name === 'AbortError'
              ? 'busy'
              : 'none';
        if (!cancelled) setResult({ stream: null, problem, ready: true });
      });
    return () => {
      cancelled = true;
    };
  }, [enabled]);
  return result;
}

/** Binds a MediaStream to a <video> element. */
export function useVideo(stream: MediaStream | null | undefined): RefObject<HTMLVideoElement | null> {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video && video.srcObject !== (stream ?? null)) video.srcObject = stream ?? null;
  }, [stream]);
  return ref;
}
