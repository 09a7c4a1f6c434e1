import { render } from 'preact';
import { createLazyI18n, isSupportedLocale, pickLocale } from '@parley/i18n/lazy';
import { App } from './App.tsx';
import { contextFromFragment } from './context.ts';
import './styles.css';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') ?? '';
const locale = isSupportedLocale(lang) ? lang : pickLocale(navigator.languages);
const root = document.getElementById('app');
if (root) {
  // Only this language's strings are fetched (one small chunk); the others load on a switch.
  // Should that chunk fail to load (a flaky network), English is tried before giving up.
  void createLazyI18n(locale)
    .catch(() => createLazyI18n('en'))
    .then((i18n) =>
      render(
        <App
          linkKey={params.get('link') ?? ''}
          i18n={i18n}
          initialLocale={isSupportedLocale(i18n.language) ? i18n.language : 'en'}
          context={contextFromFragment(location.hash)}
          sessionCode={params.get('session')}
        />,
        root,
      ),
    );
}
