import { expect, test, type Page } from '@playwright/test';
import type { LinkView } from '@parley/protocol';
import { widgetSizes } from '../bench/widgetSize.ts';
import { expectNoA11yViolations } from './a11y.ts';
import { docsScreenshot, goUnavailable, newPerson, visitorFrame } from './helpers.ts';
import { consultantAt, NONCE, parleyWarnings, snippet, useShop } from './shopSite.ts';

// A step that cannot happen fails with its name instead of waiting for the whole test's time.
test.use({ actionTimeout: 30_000 });

const site = useShop(403);

/**
 * Page script: the button's colour at the moment the loader's host joins the page (a mutation
 * observer runs before the next paint), so a default-styled first frame would be caught.
 */
const FIRST_LOOK = `<script nonce="${NONCE}">new MutationObserver(function(){var h=document.querySelector('[data-parley]');
if(!h||window.firstLook)return;var b=h.shadowRoot.querySelector('.btn');var s=getComputedStyle(b);
window.firstLook=[s.backgroundColor,s.color,b.textContent]}).observe(document.body,{childList:true})</script>`;

const CSRF = { 'x-parley-csrf': '1' };

/** The demo link as the admin the console page is logged in as reads it. */
async function demoLink(consolePage: Page): Promise<LinkView> {
  const links = (await (await consolePage.request.get('/api/v1/admin/links')).json()) as LinkView[];
  const link = links.find((l) => l.key === 'demo-help');
  if (!link) throw new Error('demo-help not found');
  return link;
}

async function editDemoLink(consolePage: Page): Promise<void> {
  await consolePage.getByTestId('nav-admin').click();
  await consolePage.getByTestId('admin-links').click();
  await consolePage
    .getByTestId('link-card')
    .filter({ hasText: 'data-parley-link="demo-help"' })
    .getByTestId('link-edit')
    .click();
  await expect(consolePage.getByTestId('link-editor')).toBeVisible();
}

const button = (page: Page) => page.locator('[data-parley]').locator('.btn');
const panel = (page: Page) => page.locator('[data-parley]').locator('.panel');
const computed = (page: Page, selector: '.btn' | '.panel', property: string) =>
  page
    .locator('[data-parley]')
    .locator(selector)
    .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

test('[EA9][EA10][EA11] a theme set in Admin → Links draws the button with its label, colours and place at once, and the panel at its size; a low contrast is refused', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consolePage = await consultantAt(browser, site.shop.origin);
  await consolePage.setViewportSize({ width: 1280, height: 900 });
  const visitor = await newPerson(browser);
  const page = await visitor.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const warnings = parleyWarnings(page);
  try {
    await editDemoLink(consolePage);
    const editor = consolePage.getByTestId('link-editor');
    await editor.getByTestId('theme-custom').check();
    await editor.getByTestId('theme-label-en').fill('Ask an expert');
    await editor.getByTestId('theme-label-pl').fill('Zapytaj eksperta');
    // [EA10] White on gold cannot be read: the form says so and does not save.
    await editor.getByTestId('theme-background').fill('#ffd700');
    await editor.getByTestId('theme-text').fill('#ffffff');
    await expect(editor.getByTestId('theme-contrast')).toContainText('Contrast 1.4:1');
    await expect(editor.getByTestId('theme-contrast')).toHaveClass(/error/);
    let patches = 0;
    consolePage.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes('/api/v1/admin/links/')) patches += 1;
    });
    await editor.getByTestId('link-save').click();
    await expect(editor.getByTestId('admin-error')).toContainText('WCAG AA needs a contrast of at least 4.5:1');
    expect(patches).toBe(0);
    // …and the server refuses it too, with its code, whoever calls it.
    const { id, theme } = await demoLink(consolePage);
    expect(theme).toBeNull();
    const refused = await consolePage.request.patch(`/api/v1/admin/links/${id}`, {
      headers: CSRF,
      data: {
        theme: {
          background: '#ffd700',
          text: '#ffffff',
          position: 'bottom-left',
          offsetX: 40,
          offsetY: 32,
          panelWidth: 440,
          panelHeight: 560,
          labels: { en: 'Ask an expert', pl: '', nl: '', pt: '' },
        },
      },
    });
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { code: string }).code).toBe('low_contrast');

    // A dark label on gold passes; the button goes bottom left, 40 px in and 32 px up; the panel 440×560.
    await editor.getByTestId('theme-text').fill('#1f2937');
    await expect(editor.getByTestId('theme-contrast')).toContainText('Contrast 10.4:1');
    await expect(editor.getByTestId('theme-contrast')).not.toHaveClass(/error/);
    await editor.getByTestId('theme-position').selectOption('bottom-left');
    await editor.getByTestId('theme-offsetX').fill('40');
    await editor.getByTestId('theme-offsetY').fill('32');
    await editor.getByTestId('theme-panelWidth').fill('440');
    await editor.getByTestId('theme-panelHeight').fill('560');
    await expect(editor.getByTestId('theme-preview')).toHaveText('Ask an expert');
    await expectNoA11yViolations(consolePage, 'admin: the link editor with a theme');
    await editor.getByTestId('link-save').click();
    await expect(editor.getByTestId('admin-error')).toHaveCount(0);
    await expect(editor.getByTestId('theme-custom')).toBeChecked();
    await docsScreenshot(consolePage, 'admin-link-theme', { fullPage: true });

    // The customer's page (English, like the browser): the themed button is the first one drawn.
    site.shop.pages.set('/themed', `<h1>Acme</h1>${FIRST_LOOK}` + snippet(site.parley));
    await page.goto(`${site.shop.origin}/themed`);
    const themed = page.getByRole('button', { name: 'Ask an expert' });
    await expect(themed).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { firstLook: string[] }).firstLook)).toEqual([
      'rgb(255, 215, 0)',
      'rgb(31, 41, 55)',
      expect.stringContaining('Ask an expert'),
    ]);
    expect(await computed(page, '.btn', 'background-color')).toBe('rgb(255, 215, 0)');
    expect(await computed(page, '.btn', 'color')).toBe('rgb(31, 41, 55)');
    const box = await button(page).boundingBox();
    expect(box?.x).toBeCloseTo(40, 0);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeCloseTo(800 - 32, 0);

    // The panel opens at its size, above the button on the same side, with its opening animation.
    await themed.click();
    const app = await visitorFrame(page);
    await expect(app.getByTestId('availability')).toHaveText('You can connect now');
    const panelBox = await panel(page).boundingBox();
    expect(panelBox).toMatchObject({ x: 40, width: 440, height: 560 });
    expect((panelBox?.y ?? 0) + (panelBox?.height ?? 0)).toBeCloseTo(800 - 32 - 60, 0);
    expect(await computed(page, '.panel', 'animation-name')).toBe('parley-in');
    expect(await computed(page, '.btn', 'transition-duration')).not.toBe('0s');
    await docsScreenshot(page, 'embed-theme');
    // [EA11] prefers-reduced-motion: no animation, no transition.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await computed(page, '.panel', 'animation-name')).toBe('none');
    expect(await computed(page, '.btn', 'transition-duration')).toBe('0s');

    // The label follows the page's language; an empty one is the default, translated.
    await page.evaluate(() => (window as unknown as { Parley: (c: string, l: string) => void }).Parley('locale', 'pl'));
    await expect(page.getByRole('button', { name: 'Zapytaj eksperta' })).toBeVisible();
    await page.evaluate(() => (window as unknown as { Parley: (c: string, l: string) => void }).Parley('locale', 'nl'));
    await expect(page.getByRole('button', { name: 'Praat met ons' })).toBeVisible();
    expect(warnings).toEqual([]);

    // The loader stays small ([EA9]: the look costs the loader only a few rules).
    const { loaderKiB } = widgetSizes();
    process.stdout.write(`loader.js: ${loaderKiB.toFixed(2)} KiB gzip\n`);
    expect(loaderKiB).toBeLessThanOrEqual(10);

    // Back to the default look in the form, so the next specs see Parley's own button.
    await editor.getByTestId('theme-custom').uncheck();
    await editor.getByTestId('link-save').click();
    await expect(editor.getByTestId('theme-custom')).not.toBeChecked();
    const status = (await (await page.request.get(`${site.parley}/api/v1/links/demo-help/status?lang=en`)).json()) as {
      labels: { open: string };
      look: { background: string; position: string };
    };
    expect(status.labels.open).toBe('Talk to us');
    expect(status.look).toMatchObject({ background: '#1d4ed8', position: 'bottom-right' });
  } finally {
    // Whatever happened above, the demo link keeps no theme.
    await consolePage.request.patch(`/api/v1/admin/links/${(await demoLink(consolePage)).id}`, {
      headers: CSRF,
      data: { theme: null },
    });
    await goUnavailable(consolePage);
    await visitor.close();
    await consolePage.context().close();
  }
});

test('[EA12][SV2][SV5] a single-page app’s pushState and back reach the Visitors list as page views while the conversation goes on', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consolePage = await consultantAt(browser, site.shop.origin);
  const visitor = await newPerson(browser);
  const page = await visitor.newPage();
  const router = `<script nonce="${NONCE}">function go(path){history.pushState({},'',path);document.getElementById('route').textContent=path}</script>`;
  site.shop.pages.set('/spa', `<main id="route">/spa</main>${router}` + snippet(site.parley));
  try {
    await page.goto(`${site.shop.origin}/spa?utm=secret#top`);
    await page.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(page);
    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
    await expect(app.getByTestId('end')).toBeVisible();

    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('parley-visit')), { timeout: 15_000 })
      .not.toBeNull();
    const visitId = (
      JSON.parse((await page.evaluate(() => localStorage.getItem('parley-visit'))) ?? '{}') as {
        visitId: string;
      }
    ).visitId;
    await consolePage.getByTestId('nav-visitors').click();
    const row = consolePage.locator(`[data-visit="${visitId}"]`);
    await expect(row.getByTestId('visitor-pages')).toHaveText('1');
    await expect(row.getByTestId('visitor-page')).toContainText('/spa');

    // A route change: the consultant's list follows it, counted as a page view of the visit.
    await page.evaluate(() => (window as unknown as { go: (p: string) => void }).go('/spa/products/42'));
    await expect(row.getByTestId('visitor-page')).toContainText('/spa/products/42');
    await expect(row.getByTestId('visitor-pages')).toHaveText('2');
    // Only the path counts ([SV2]): a new query or fragment is no move.
    await page.evaluate(() => history.replaceState({}, '', '/spa/products/42?colour=red#reviews'));
    await page.goBack();
    expect(page.url()).toBe(`${site.shop.origin}/spa?utm=secret#top`);
    // One socket, in order: once the list shows the way back, the replaceState was heard before it.
    await expect(row.getByTestId('visitor-page')).not.toContainText('products');
    await expect(row.getByTestId('visitor-pages')).toHaveText('3');
    await expect(row.getByTestId('visitor-page')).not.toContainText('secret');

    // The conversation went on the whole time.
    await consolePage.getByTestId('nav-desk').click();
    await app.getByTestId('chat-input').fill('Asking after two routes');
    await app.getByTestId('chat-send').click();
    await expect(consolePage.getByTestId('chat-message').last()).toContainText('Asking after two routes');
    await expect(app.getByTestId('end')).toBeVisible();
    // Wrapped up, so no later spec finds this call waiting in the demo consultant's desk.
    await app.getByTestId('end').click();
    await consolePage.getByTestId('mark-done').click();
    await expect(consolePage.getByTestId('closed-call')).toHaveCount(0);
    await goUnavailable(consolePage);
  } finally {
    await visitor.close();
    await consolePage.context().close();
  }
});
