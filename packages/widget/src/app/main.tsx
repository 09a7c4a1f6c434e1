import { render } from 'preact';
import { isSupportedLocale, pickLocale } from '@parley/i18n';
import { App } from './App.tsx';
import { contextFromFragment } from './context.ts';
import './styles.css';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') ?? '';
const root = document.getElementById('app');
if (root) {
  render(
    <App
      linkKey={params.get('link') ?? ''}
      initialLocale={isSupportedLocale(lang) ? lang : pickLocale(navigator.languages)}
      context={contextFromFragment(location.hash)}
    />,
    root,
  );
}
