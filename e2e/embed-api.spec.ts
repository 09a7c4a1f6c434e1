import { createServer, type Server } from 'node:http';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { goAvailable, goUnavailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

// A step that cannot happen fails with its name instead of waiting for the whole test's time.
test.use({ actionTimeout: 30_000 });

/** The customer's website: another origin than Parley, with a strict CSP that admits Parley. */
const shopPort = Number(process.env.E2E_PORT ?? 8765) + 402;
const shopOrigin = `http://127.0.0.1:${shopPort}`;
const NONCE = 'shop-nonce';

/** The two-line snippet of docs/embed.md, with the page's own extras (attributes, queued calls). */
function snippet(parley: string, attributes = '', queued = ''): string {
  return (
    `<script nonce="${NONCE}">window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};${queued}</script>\n` +
    `<script src="${parley}/widget/loader.js" data-parley-link="demo-help" ${attributes} async></script>`
  );
}

/** Page script recording every event the page hears, in order, in `window.heard`. */
const RECORDER = `window.heard=[];
['ready','availability','open','close','conversation:queued','conversation:started','conversation:ended','message']
  .forEach(function(n){Parley('on',n,function(p){heard.push([n,p])})});`;

function startShop(): Promise<{ server: Server; pages: Map<string, string> }> {
  const pages = new Map<string, string>();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    // A single-page app: every route serves the same page.
    const body = pages.get(path) ?? pages.get(`/${path.split('/')[1] ?? ''}`) ?? '<p>Not here</p>';
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src 'nonce-${NONCE}' ${parleyOrigin}; connect-src ${parleyOrigin}; frame-src ${parleyOrigin}`,
    });
    response.end(`<!doctype html><html lang="en"><head><title>Acme Shop</title></head><body>${body}</body></html>`);
  });
  return new Promise((resolve) => server.listen(shopPort, '127.0.0.1', () => resolve({ server, pages })));
}

let parleyOrigin = '';
let shop: { server: Server; pages: Map<string, string> };

test.beforeAll(async ({ baseURL }) => {
  parleyOrigin = new URL(baseURL ?? '').origin;
  shop = await startShop();
});
test.afterAll(() => new Promise<void>((resolve) => shop.server.close(() => resolve())));

function parleyWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('Parley:')) warnings.push(message.text());
  });
  return warnings;
}

async function consultantAt(browser: Browser): Promise<Page> {
  const consultant = await newPerson(browser);
  const consolePage = await consultant.newPage();
  await loginConsultant(consolePage);
  // The demo tenant lists its own sites ([EM1]): the admin adds the shop once, in the console.
  await consolePage.getByTestId('nav-admin').click();
  await consolePage.getByTestId('admin-sites').click();
  await expect(consolePage.getByTestId('sites-now')).toBeVisible();
  if ((await consolePage.getByTestId('site-row').filter({ hasText: shopOrigin }).count()) === 0) {
    await consolePage.getByTestId('site-address').fill(shopOrigin);
    await consolePage.getByTestId('site-add').click();
    await expect(consolePage.getByTestId('site-row').filter({ hasText: shopOrigin })).toBeVisible();
  }
  await consolePage.getByTestId('nav-desk').click();
  await goAvailable(consolePage);
  return consolePage;
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: [string, unknown][] }).heard);

test('[EA1][EA2][EA3] commands queued before the loader run in order, and every event reaches the page with its payload', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consolePage = await consultantAt(browser);
  const visitor = await newPerson(browser);
  const page = await visitor.newPage();
  const warnings = parleyWarnings(page);
  shop.pages.set(
    '/queued',
    `<h1>Acme</h1>` +
      snippet(
        parleyOrigin,
        '',
        RECORDER +
          `Parley('on','ready',function(){throw new Error('the page has a bug')});` +
          `Parley('on','ready',function(){heard.push(['second ready handler',{}])});` +
          `Parley('attach',{account:'ACC-1'});Parley('attach',{account:'ACC-2',plan:'gold'});Parley('open');`,
      ),
  );
  try {
    await page.goto(`${shopOrigin}/queued`);
    const app = await visitorFrame(page);
    // Handlers queued first run first; the throwing one is reported and breaks nothing.
    await expect
      .poll(() => heard(page))
      .toEqual([
        ['ready', { available: true }],
        ['second ready handler', {}],
        ['open', {}],
      ]);
    expect(warnings).toEqual([
      expect.stringContaining('a handler of the "ready" event threw: Error: the page has a bug'),
    ]);
    await expect(
      page.evaluate(() => (window as unknown as { Parley: { available: boolean } }).Parley.available),
    ).resolves.toBe(true);

    await expect(app.getByTestId('availability')).toHaveText('You can connect now');
    await app.getByTestId('connect').click();
    await expect(consolePage.getByTestId('incoming')).toBeVisible();
    await consolePage.getByTestId('accept').click();
    // The two queued attach calls arrived in order: the second one's value won.
    await expect(consolePage.getByTestId('desk-attached')).toContainText('ACC-2');
    await expect(consolePage.getByTestId('desk-attached')).toContainText('gold');
    await expect
      .poll(async () => (await heard(page)).slice(3))
      .toEqual([
        ['conversation:queued', { position: 1 }],
        ['conversation:started', { mode: 'video' }],
      ]);

    // Closed panel: messages count as unread, and the page learns the count, never the text.
    await page.evaluate(() => (window as unknown as { Parley: { close(): void } }).Parley.close());
    for (const text of ['Secret one', 'Secret two']) {
      await consolePage.getByTestId('chat-input').fill(text);
      await consolePage.getByTestId('chat-input').press('Enter');
    }
    await expect
      .poll(async () => (await heard(page)).slice(5))
      .toEqual([
        ['close', {}],
        ['message', { unread: 1 }],
        ['message', { unread: 2 }],
      ]);
    expect(JSON.stringify(await heard(page))).not.toContain('Secret');
    await page.evaluate(() => (window as unknown as { Parley: (c: string) => void }).Parley('open'));
    await consolePage.getByTestId('end').click();
    await expect
      .poll(async () => (await heard(page)).slice(8))
      .toEqual([
        ['open', {}],
        ['conversation:ended', {}],
      ]);

    // The open app hears availability on its WebSocket: the page learns it at once.
    await consolePage
      .getByTestId('mark-done')
      .click()
      .catch(() => undefined);
    await goUnavailable(consolePage);
    await expect.poll(async () => (await heard(page)).slice(10)).toEqual([['availability', { available: false }]]);
  } finally {
    await visitor.close();
    await consolePage.context().close();
  }
});
