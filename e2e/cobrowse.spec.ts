import { expect, test, type Frame, type Page } from '@playwright/test';
import { docsScreenshot, goAvailable, goUnavailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

// A step that cannot happen fails with its name instead of waiting for the whole test's time.
test.use({ actionTimeout: 30_000 });

interface Hooked {
  __parley: { client: { connection: { on(type: string, listener: (m: unknown) => void): () => void } } };
  cbFrames: string[];
  shopScriptRan?: boolean;
  crafted?: number;
}

/** Everything co-browsing the consultant's console receives, exactly as it arrives. */
async function recordFrames(consolePage: Page): Promise<void> {
  await consolePage.evaluate(() => {
    const w = window as unknown as Hooked;
    w.cbFrames = [];
    w.__parley.client.connection.on('cobrowse', (m) => w.cbFrames.push(JSON.stringify(m)));
  });
}
const framesReceived = (consolePage: Page) =>
  consolePage.evaluate(() => (window as unknown as Hooked).cbFrames.join('\n'));

/** The replayed page: the console's replay document, and rrweb's sandboxed frame in it. */
const replayOf = (consolePage: Page) =>
  consolePage.frameLocator('[data-testid="cobrowse-replay"]').frameLocator('iframe');

async function startConversation(consolePage: Page, page: Page): Promise<Frame> {
  await page.goto('/demo/shop');
  await page.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(page);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await expect(consolePage.getByTestId('cobrowse-ask')).toBeVisible();
  return app;
}

test('[CB1][CB2][CB3][CB4][CB5][CB6] the visitor shares the page after consent; inputs and private parts never reach the consultant; the consultant guides and pushes a page, where sharing goes on; stopping ends the replay', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  const consolePage = await consultant.newPage();
  const page = await visitor.newPage();
  await page.setViewportSize({ width: 1000, height: 760 });
  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  const app = await startConversation(consolePage, page);
  await recordFrames(consolePage);

  // [CB1] Nothing is recorded before the visitor agrees: the chunk is not even loaded.
  const chunkLoads: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/widget/cobrowse.js')) chunkLoads.push(r.url());
  });
  await consolePage.getByTestId('cobrowse-ask').click();
  await expect(consolePage.getByTestId('cobrowse-status')).toContainText('Waiting for');
  await expect(app.getByTestId('cobrowse-consent')).toContainText('asks to see this page');
  expect(chunkLoads).toEqual([]);
  await expect(page.getByTestId('cobrowse-badge')).toHaveCount(0);
  await docsScreenshot(page, 'cobrowse-consent');
  await app.getByTestId('cobrowse-allow').click();

  // The page says it is shared, and the consultant sees it live.
  await expect(page.getByTestId('cobrowse-badge')).toContainText('You are sharing this page with');
  await expect(app.getByTestId('cobrowse-sharing')).toBeVisible();
  expect(chunkLoads).toHaveLength(1);
  const replay = replayOf(consolePage);
  await expect(replay.locator('#price')).toHaveText('€39.00');

  // [CB3] Typed text is masked; the private block arrives as an empty box.
  await page.locator('#name').fill('Jane Secretname');
  await page.locator('#card').fill('4111111111111111');
  await page.locator('#password').fill('hunter2-pass');
  await expect(replay.locator('#name')).toHaveValue('*'.repeat('Jane Secretname'.length));
  await expect(replay.locator('#card')).toHaveValue('*'.repeat(16));
  // rrweb keeps a blocked element as an empty box of its size (no id, no attributes, no content).
  const privateBox = replay.locator('#checkout > div');
  await expect(privateBox).toHaveCount(1);
  await expect(privateBox).toHaveText('');
  await expect(privateBox).not.toHaveAttribute('id', 'account');
  await expect(replay.locator('#checkout')).not.toContainText('CUST-7731');

  // [CB2] A change of the page's DOM appears in the replay.
  await page.locator('#add').click();
  await expect(replay.locator('#cart')).toHaveText('1 item in your cart');

  // [CB3] Asserted on what the console received, not on the picture.
  const frames = await framesReceived(consolePage);
  expect(frames).toContain('1 item in your cart');
  expect(frames).toContain('€39.00');
  for (const secret of [
    'Secretname',
    '4111111111111111',
    'hunter2',
    'CUST-7731',
    'saved card ending',
    'shopScriptRan',
  ]) {
    expect(frames, secret).not.toContain(secret);
  }

  // [CB4] The page's inline script ran on the visitor's page, and nowhere in the console.
  await expect(page.evaluate(() => (window as unknown as Hooked).shopScriptRan)).resolves.toBe(true);
  const replayFrame = consolePage.frames().find((f) => f.url().endsWith('/console/replay.html'));
  expect(replayFrame).toBeDefined();
  await expect(consolePage.evaluate(() => (window as unknown as Hooked).shopScriptRan)).resolves.toBeUndefined();
  await expect(
    replayFrame!.evaluate(() => {
      const inner = document.querySelector('iframe');
      return [inner?.getAttribute('sandbox'), (inner?.contentWindow as unknown as Hooked | null)?.shopScriptRan];
    }),
  ).resolves.toEqual(['allow-same-origin', undefined]);
  await docsScreenshot(consolePage, 'cobrowse-replay');

  // [CB5] The consultant's pointer and a highlight appear on the visitor's page. The replay
  // scrolls smoothly after the visitor's own scrolling (filling the form): aim once it has stopped.
  const heading = replay.locator('#product h2');
  await expect
    .poll(async () => {
      const before = JSON.stringify(await heading.boundingBox());
      await consolePage.waitForTimeout(200);
      return before === JSON.stringify(await heading.boundingBox());
    })
    .toBe(true);
  const target = await heading.boundingBox();
  expect(target).not.toBeNull();
  await consolePage.mouse.move(target!.x + 5, target!.y + 5);
  await consolePage.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2, { steps: 5 });
  await expect(page.getByTestId('cobrowse-pointer')).toBeVisible();
  await consolePage.mouse.click(target!.x + target!.width / 2, target!.y + target!.height / 2);
  const highlight = page.getByTestId('cobrowse-highlight');
  await expect(highlight).toBeVisible();
  const box = await highlight.boundingBox();
  const onPage = await page.locator('#product h2').boundingBox();
  expect(Math.abs(box!.y - onPage!.y)).toBeLessThan(12);

  // [CB6] The consultant pushes a page of the same site: the visitor is asked, opens it in the same
  // tab, the URL is in the chat history, and the conversation and sharing go on there.
  const delivery = new URL('/demo/shop/delivery', page.url()).href;
  await consolePage.getByTestId('cobrowse-push-url').fill(delivery);
  await consolePage.getByTestId('cobrowse-push-send').click();
  await expect(consolePage.getByTestId('chat-message').last()).toContainText(delivery);
  await expect(app.getByTestId('chat-message').last()).toContainText(delivery);
  await expect(app.getByTestId('cobrowse-push')).toContainText('Open this page?');
  await app.getByTestId('cobrowse-push-open').click();
  await page.waitForURL(delivery);
  const appThere = await visitorFrame(page);
  await expect(appThere.getByTestId('cobrowse-sharing')).toBeVisible();
  await expect(page.getByTestId('cobrowse-badge')).toBeVisible();
  await expect(replay.locator('#delivery h2')).toHaveText('Delivery');
  await expect(consolePage.getByTestId('cobrowse-replay')).toHaveCount(1);
  await page.locator('#postcode').fill('1234 AB');
  await expect(replay.locator('#postcode')).toHaveValue('*******');

  // [CB4] The visitor stops on the page's badge: the replay ends, the badge goes.
  await page.getByTestId('cobrowse-stop').click();
  await expect(consolePage.getByTestId('cobrowse-replay')).toHaveCount(0);
  await expect(consolePage.getByTestId('cobrowse-status')).toHaveText('Page sharing has ended.');
  await expect(page.getByTestId('cobrowse-badge')).toHaveCount(0);
  await expect(appThere.getByTestId('cobrowse-sharing')).toHaveCount(0);

  // The demo consultant is shared by every spec: end the call, wrap it up and leave unavailable.
  await appThere.getByTestId('end').click();
  await consolePage.getByTestId('mark-done').click();
  await goUnavailable(consolePage);
  await visitor.close();
  await consultant.close();
});
