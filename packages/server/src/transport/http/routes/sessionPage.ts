import type { SupportedLocale, Translate } from '@parley/i18n';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * [AP8] The script of the `/s` page: fills in a personal link's code, checks the code with the
 * server, and goes on to the visitor app with it (which uses it up). The code is read from the
 * address by the script, never written into the page by the server.
 */
const SCRIPT = `
const form = document.getElementById('session-form');
const input = document.getElementById('session-code');
const error = document.getElementById('session-error');
const fromPath = decodeURIComponent(location.pathname.split('/')[2] || '');
const messages = JSON.parse(document.getElementById('session-messages').textContent);
async function enter(code) {
  error.textContent = '';
  const response = await fetch('/api/v1/session-codes/check', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
    body: JSON.stringify({ code }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = messages[body.code] || messages.session_code_invalid;
    error.dataset.code = body.code || '';
    return;
  }
  const params = new URLSearchParams({ link: body.linkKey, lang: body.locale, session: code });
  location.assign('/widget/app/?' + params.toString());
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void enter(input.value);
});
if (fromPath) {
  input.value = fromPath;
  void enter(fromPath);
}
`;

const REFUSALS = [
  'session_code_invalid',
  'session_code_expired',
  'session_code_not_yet_valid',
  'session_code_used',
  'session_code_attempts',
  'invalid_message',
] as const;

/** [AP8] A plain Parley page in the guest's browser language: one field for the session code. */
export function sessionCodePage(locale: SupportedLocale, t: Translate): string {
  const messages = Object.fromEntries(
    REFUSALS.map((code) => [code, t(code === 'invalid_message' ? 'error.session_code_invalid' : `error.${code}`)]),
  );
  // JSON inside a script element: `<` is escaped so no text can close the element.
  const json = JSON.stringify(messages).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('session.pageTitle'))}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
label{display:block;font-weight:600;margin:1rem 0 .3rem}input{font:inherit;font-size:1.4rem;letter-spacing:.15em;
text-transform:uppercase;width:100%;box-sizing:border-box;padding:.5rem .7rem;border:1px solid #94a3b8;border-radius:8px}
button{font:inherit;margin-top:1rem;padding:.55rem 1.4rem;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}
.error{color:#b91c1c;min-height:1.5em}</style>
</head><body>
<main>
<h1>${escapeHtml(t('session.pageTitle'))}</h1>
<p>${escapeHtml(t('session.pageIntro'))}</p>
<form id="session-form">
<label for="session-code">${escapeHtml(t('session.codeLabel'))}</label>
<input id="session-code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="16" required data-testid="session-code">
<p id="session-error" class="error" role="alert" data-testid="session-error"></p>
<button type="submit" data-testid="session-enter">${escapeHtml(t('session.enter'))}</button>
</form>
</main>
<script type="application/json" id="session-messages">${json}</script>
<script>${SCRIPT}</script>
</body></html>`;
}
