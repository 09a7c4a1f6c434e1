import { createHmac } from 'node:crypto';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { docsScreenshot, goAvailable, loginConsultant, newPerson, openVisitorApp, visitorFrame } from './helpers.ts';

/**
 * [DOC1] The README's pictures come from this scripted demo with realistic data — a named contact
 * with account data, a short plausible chat, a note and a disposition — at 1280×720.
 * `npm run screenshots` runs it with PARLEY_SCREENSHOTS=1; an ordinary run checks the same screens
 * and writes nothing.
 */

/** [E9] REST calls from the test carry the header the console's SDK sends. */
const CSRF = { 'x-parley-csrf': '1' };
const SIZE = { width: 1280, height: 720 };

/** What the XSS test types ([X1]): none of it may show up in a picture meant for the README. */
const TEST_CORPUS = /<script|<img|<svg|onerror|onload|alert\(|javascript:|hxxps|__pwned/i;

async function readmeShot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const visible = await page.locator('body').innerText();
  expect(visible, `${name}: the picture must show a real conversation, not the test corpus`).not.toMatch(TEST_CORPUS);
  await docsScreenshot(page, name, options);
}

async function readmeFrameShot(page: Page, app: Frame, name: string): Promise<void> {
  expect(await app.locator('body').innerText(), name).not.toMatch(TEST_CORPUS);
  await docsScreenshot(page, name);
}

async function say(from: Page | Frame, to: Page | Frame, text: string, viaEnter = false): Promise<void> {
  await from.getByTestId('chat-input').fill(text);
  if (viaEnter) await from.getByTestId('chat-input').press('Enter');
  else await from.getByTestId('chat-send').click();
  await expect(to.getByTestId('chat-message').last()).toContainText(text.slice(0, 30));
}

test('[DOC1] the README pictures: a request while another waits, a video call with an identified customer, the wrap-up', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const dana = await (await newPerson(browser)).newPage();
  await dana.setViewportSize(SIZE);
  const annContext = await newPerson(browser);
  const piotrContext = await newPerson(browser);
  try {
    await loginConsultant(dana);
    // Set up as an admin would: a disposition code (already there after other specs: 409 is fine).
    await dana.request.post('/api/v1/admin/dispositions', {
      headers: CSRF,
      data: { code: 'RESOLVED', label: 'Resolved' },
    });
    const { secret } = (await (await dana.request.get('/api/v1/admin/identity-secret')).json()) as { secret: string };
    await goAvailable(dana);

    // Piotr asks first; Dana parks him in the queue for a moment.
    const piotr = await openVisitorApp(await piotrContext.newPage());
    await piotr.getByLabel('Your name (optional)').fill('Piotr Nowak');
    await piotr.getByTestId('connect').click();
    await expect(dana.getByTestId('incoming')).toBeVisible();
    await dana.getByTestId('queue').click();
    await expect(dana.getByTestId('queue-item')).toContainText('Piotr Nowak');

    // Ann is signed in on the shop; its backend signs who she is ([SD4]) and attaches her account.
    const annPage = await annContext.newPage();
    await annPage.setViewportSize(SIZE);
    await annPage.goto('/demo');
    const ann = { id: 'cust-20417', name: 'Ann Fischer', email: 'ann.fischer@example.com' };
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const payload = ['parley-identity-v1', ann.id, ann.name, ann.email, expires].join('\n');
    const signature = createHmac('sha256', secret).update(payload).digest('hex');
    await annPage.waitForFunction(() => 'Parley' in window);
    await annPage.evaluate(
      (identity) => {
        const parley = (window as unknown as { Parley: { identify(i: object): void; attach(d: object): void } }).Parley;
        parley.identify(identity);
        parley.attach({ account: 'ACC-20417', plan: 'Family broadband', order: '48213' });
      },
      { ...ann, expires, signature },
    );
    await annPage.getByRole('button', { name: 'Talk to us' }).click();
    const annApp = await visitorFrame(annPage);
    await annApp.getByLabel('Your name (optional)').fill('Ann');
    await annApp.getByTestId('connect').click();
    await expect(dana.getByTestId('incoming')).toBeVisible();
    await readmeShot(dana, 'console-incoming-queue');

    await dana.getByTestId('accept').click();
    await expect(dana.getByTestId('desk-contact')).toContainText('Ann Fischer');
    await expect(dana.getByTestId('desk-attached')).toContainText('ACC-20417');
    await say(annApp, dana, 'Hi! My order 48213 was due yesterday and has not arrived yet.');
    await say(dana, annApp, 'Hello Ann, sorry about that. Let me look it up for you.', true);
    await say(
      dana,
      annApp,
      'It left our warehouse this morning and arrives tomorrow before noon: https://example.com/track/48213',
      true,
    );
    await say(annApp, dana, 'Great, thank you!');
    await dana.getByTestId('note-input').fill('Order 48213 delayed one day at the warehouse; customer informed.');
    await dana.getByTestId('note-save').click();
    await expect(dana.getByTestId('note').last()).toContainText('Order 48213 delayed');
    await dana.evaluate(() => window.scrollTo(0, 0));
    await readmeShot(dana, 'console-call');
    await readmeFrameShot(annPage, annApp, 'visitor-call');
    await dana.setViewportSize({ width: 1280, height: 900 });
    await dana.getByTestId('notes').scrollIntoViewIfNeeded();
    await readmeShot(dana, 'console-desk-panel');
    await dana.setViewportSize(SIZE);

    // Ann ends; Dana wraps up with a disposition while Piotr still waits.
    await annApp.getByTestId('end').click();
    await expect(dana.getByTestId('closed-message')).toBeVisible();
    await dana.getByTestId('disposition').selectOption('RESOLVED');
    await dana.getByTestId('wrapup-notes').fill('Delivery date confirmed, tracking link sent.');
    await readmeShot(dana, 'console-wrap-up');
    await dana.getByTestId('mark-done').click();
    await expect(dana.getByTestId('closed-call')).toHaveCount(0);

    // Piotr is served next, and the demo leaves nothing waiting for the specs after it.
    await dana.getByTestId('pick').click();
    await expect(piotr.getByTestId('end')).toBeVisible();
    await piotr.getByTestId('end').click();
    await dana.getByTestId('mark-done').click();
    await expect(dana.getByTestId('closed-call')).toHaveCount(0);
  } finally {
    await annContext.close();
    await piotrContext.close();
    await dana.context().close();
  }
});
