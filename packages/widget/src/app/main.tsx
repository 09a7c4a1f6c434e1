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
  void createLazyI18n(locale).then((i18n) =>
    render(
      <App
        linkKey={params.get('link') ?? ''}
        i18n={i18n}
        initialLocale={locale}
        context={contextFromFragment(location.hash)}
      />,
      root,
    ),
  );
}
