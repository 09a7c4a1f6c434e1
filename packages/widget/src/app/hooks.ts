import type { RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createI18n, translator, type SupportedLocale, type Translate } from '@parley/i18n';
import type { LocalMedia, LocalMediaState, VisitorClient, VisitorState } from '@parley/client';

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

/** Re-renders with every change of the side's local media (tracks, devices, settings). */
export function useLocalMediaState(media: LocalMedia): LocalMediaState {
  const [state, setState] = useState(media.state);
  useEffect(() => media.on('change', setState), [media]);
  return state;
}

/** Binds a MediaStream to a <video> element. */
export function useVideo(
  stream: MediaStream | null | undefined,
  version?: unknown,
): RefObject<HTMLVideoElement | null> {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video && video.srcObject !== (stream ?? null)) video.srcObject = stream ?? null;
    // `version` changes when tracks are added to the same stream, which a video element ignores.
  }, [stream, version]);
  return ref;
}
