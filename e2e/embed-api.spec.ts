import { expect, test, type Browser, type Page } from '@playwright/test';
import { goAvailable, goUnavailable, newPerson, visitorFrame } from './helpers.ts';
import { consultantAt as consultantWithShop, NONCE, parleyWarnings, snippet, useShop } from './shopSite.ts';

// A step that cannot happen fails with its name instead of waiting for the whole test's time.
test.use({ actionTimeout: 30_000 });

/** The customer's website: another origin than Parley, with a strict CSP that admits Parley. */
const site = useShop(402);

/** Page script recording every event the page hears, in order, in `window.heard`. */
const RECORDER = `window.heard=[];
['ready','availability','open','close','conversation:queued','conversation:started','conversation:ended','message']
  .forEach(function(n){Parley('on',n,function(p){heard.push([n,p])})});`;

const consultantAt = (browser: Browser) => consultantWithShop(browser, site.shop.origin);

const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: [string, unknown][] }).heard);

test('[EA1][EA2][EA3] commands queued before the loader run in order, and every event reaches the page with its payload', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consolePage = await consultantAt(browser);
  const visitor = await newPerson(browser);
  const page = await visitor.newPage();
  const warnings = parleyWarnings(page);
  site.shop.pages.set(
    '/queued',
    `<h1>Acme</h1>` +
      snippet(
        site.parley,
        '',
        RECORDER +
          `Parley('on','ready',function(){throw new Error('the page has a bug')});` +
          `Parley('on','ready',function(){heard.push(['second ready handler',{}])});` +
          `Parley('attach',{account:'ACC-1'});Parley('attach',{account:'ACC-2',plan:'gold'});Parley('open');`,
      ),
  );
  try {
    await page.goto(`${site.shop.origin}/queued`);
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

test('[EA4][EA5] the page’s own launcher opens the panel without Parley’s button; the language follows the page', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const consolePage = await consultantAt(browser);
  const visitor = await newPerson(browser);
  const page = await visitor.newPage();
  const warnings = parleyWarnings(page);
  site.shop.pages.set(
    '/own',
    `<a href="#help" id="help" data-parley-open>Need help?</a>` +
      snippet(
        site.parley,
        'data-parley-launcher="none" data-parley-locale="pl"',
        // The page styles its own button from the availability it is told.
        `Parley('on','ready',function(e){document.getElementById('help').dataset.available=String(e.available)});`,
      ),
  );
  try {
    await page.goto(`${site.shop.origin}/own`);
    await expect(page.locator('#help')).toHaveAttribute('data-available', 'true');
    await expect(page.locator('[data-parley]')).toHaveCount(1);
    await expect(page.getByRole('button')).toHaveCount(0);
    await page.getByRole('link', { name: 'Need help?' }).click();
    const app = await visitorFrame(page);
    // data-parley-locale="pl" wins over the browser's English.
    await expect(app.getByTestId('availability')).toHaveText('Możesz się teraz połączyć');
    expect(page.url()).toBe(`${site.shop.origin}/own`); // the link's own navigation was prevented
    expect(warnings).toEqual([]);

    // Parley('locale', …) later: the open app switches; an unsupported value falls back with a warning.
    await page.evaluate(() => (window as unknown as { Parley: (c: string, l: string) => void }).Parley('locale', 'nl'));
    await expect(app.getByTestId('availability')).toHaveText('U kunt nu verbinding maken');
    await page.evaluate(() => (window as unknown as { Parley: (c: string, l: string) => void }).Parley('locale', 'xx'));
    await expect
      .poll(() => warnings)
      .toEqual([expect.stringContaining('language "xx" is not supported (en, pl, nl, pt); using "en"')]);
    await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  } finally {
    await visitor.close();
    await consolePage.context().close();
  }
});

test('[EA6] a single-page app navigates with pushState and back during a call; the snippet included twice gives one button', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consolePage = await consultantAt(browser);
  const visitor = await newPerson(browser);
  const page = await visitor.newPage();
  const warnings = parleyWarnings(page);
  const router = `<script nonce="${NONCE}">function go(path){history.pushState({},'',path);document.getElementById('route').textContent=path}</script>`;
  site.shop.pages.set('/spa', `<main id="route">/spa</main>${router}` + snippet(site.parley) + snippet(site.parley));
  try {
    await page.goto(`${site.shop.origin}/spa`);
    const button = page.getByRole('button', { name: 'Talk to us' });
    await expect(button).toBeVisible();
    await expect(page.locator('[data-parley]')).toHaveCount(1);
    await button.click();
    const app = await visitorFrame(page);
    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
    await expect(app.getByTestId('end')).toBeVisible();
    await app.evaluate(() => ((window as unknown as { sameApp: boolean }).sameApp = true));

    await page.evaluate(() => (window as unknown as { go: (p: string) => void }).go('/spa/products/42'));
    await expect(page.locator('#route')).toHaveText('/spa/products/42');
    await app.getByTestId('chat-input').fill('Asking from the product page');
    await app.getByTestId('chat-send').click();
    await expect(consolePage.getByTestId('chat-message').last()).toContainText('Asking from the product page');
    await page.goBack();
    expect(page.url()).toBe(`${site.shop.origin}/spa`);
    await consolePage.getByTestId('chat-input').fill('Still here');
    await consolePage.getByTestId('chat-input').press('Enter');
    await expect(app.getByTestId('chat-message').last()).toContainText('Still here');
    // The same app document the whole time: the call was never reloaded.
    expect(await app.evaluate(() => (window as unknown as { sameApp?: boolean }).sameApp)).toBe(true);
    await expect(app.getByTestId('end')).toBeVisible();
    await expect(page.locator('[data-parley]')).toHaveCount(1);
    expect(warnings).toEqual([]);
    // Wrapped up, so no later spec finds this call waiting in the demo consultant's desk.
    await app.getByTestId('end').click();
    await consolePage.getByTestId('mark-done').click();
    await expect(consolePage.getByTestId('closed-call')).toHaveCount(0);
  } finally {
    await visitor.close();
    await consolePage.context().close();
  }
});

test('[EA8] issue 22.1: the availability dot and its description follow the consultant, with few status reads', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const consolePage = await consultantAt(browser);
  const visitor = await newPerson(browser);
  const page = await visitor.newPage();
  // The page's clock is the test's: an hour passes in a moment, and no sleep is needed.
  await page.clock.install();
  let statusReads = 0;
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/links/demo-help/status')) statusReads += 1;
  });
  site.shop.pages.set('/dot', `<h1>Acme</h1>` + snippet(site.parley));
  try {
    await page.goto(`${site.shop.origin}/dot`);
    const button = page.getByRole('button', { name: 'Talk to us' });
    await expect(button).toHaveAccessibleDescription('Someone is available now');
    const dot = page.locator('[data-parley]').locator('.dot');
    await expect(dot).toHaveClass(/\bon\b/);

    await goUnavailable(consolePage);
    await page.clock.runFor(15_000);
    await expect(button).toHaveAccessibleDescription('Nobody is available right now');
    await expect(dot).not.toHaveClass(/\bon\b/);

    // An hour with nothing changing: a handful of reads, not one a second.
    const before = statusReads;
    for (let minute = 0; minute < 60; minute++) await page.clock.runFor(60_000);
    expect(statusReads - before).toBeLessThanOrEqual(20);
    expect(statusReads - before).toBeGreaterThan(0);

    await goAvailable(consolePage);
    await page.clock.runFor(300_000);
    await expect(button).toHaveAccessibleDescription('Someone is available now');
    await expect(dot).toHaveClass(/\bon\b/);
  } finally {
    await visitor.close();
    await consolePage.context().close();
  }
});
