import { expect, test } from '@playwright/test';
import {
  expectMediaFlowing,
  goAvailable,
  goUnavailable,
  loginConsultant,
  newPerson,
  openVisitorApp,
  SAM,
} from './helpers.ts';

test('[R2][Q4] a pool link spreads visitors over both pool consultants, each in a real call', async ({ browser }) => {
  const dana = await (await newPerson(browser)).newPage();
  const sam = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goAvailable(dana);
  await loginConsultant(sam, SAM);
  await goAvailable(sam);

  // The first visitor rings the consultant idle longest (Dana), the second the other one (Sam).
  const first = await openVisitorApp(await (await newPerson(browser)).newPage(), 'demo-pool');
  await expect(first.getByTestId('availability')).toHaveText('You can connect now');
  await first.getByTestId('connect').click();
  await expect(dana.getByTestId('incoming')).toBeVisible();
  await expect(sam.getByTestId('incoming')).toHaveCount(0);
  await dana.getByTestId('accept').click();

  const second = await openVisitorApp(await (await newPerson(browser)).newPage(), 'demo-pool');
  await second.getByTestId('connect').click();
  await expect(sam.getByTestId('incoming')).toBeVisible();
  await sam.getByTestId('accept').click();

  await expectMediaFlowing(first);
  await expectMediaFlowing(sam);
  await second.getByTestId('chat-input').fill('Hi Sam');
  await second.getByTestId('chat-send').click();
  await expect(sam.getByTestId('chat-message').last()).toContainText('Hi Sam');
  await expect(dana.getByTestId('chat-message')).toHaveCount(0);

  await first.getByTestId('end').click();
  await second.getByTestId('end').click();
  await expect(dana.getByTestId('closed-message')).toBeVisible();
  await expect(sam.getByTestId('closed-message')).toBeVisible();
  await goUnavailable(dana);
  await goUnavailable(sam);
  for (const page of [dana, sam]) await page.context().close();
  for (const app of [first, second]) await app.page().context().close();
});

test('[R1][C9][C10] Queue parks a consultation request without ringing again; Take starts the call', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  const sam = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goAvailable(dana);
  await loginConsultant(sam, SAM);
  await goAvailable(sam);

  const app = await openVisitorApp(await (await newPerson(browser)).newPage());
  await app.getByTestId('connect').click();
  await expect(dana.getByTestId('incoming')).toBeVisible();
  await expect(app.getByTestId('queue-estimate')).toBeVisible();
  await dana.getByTestId('queue').click();

  // Parked: visible in the queue panel, the visitor keeps their place and is told.
  await expect(dana.getByTestId('incoming')).toHaveCount(0);
  await expect(dana.getByTestId('queue-item')).toHaveCount(1);
  await expect(dana.getByTestId('queue-item')).toContainText('queued by a consultant');
  await expect(app.getByTestId('queue-position')).toHaveText('You are next in line.');
  await expect(app.getByText('A consultant has put your request in the queue.')).toBeVisible();
  // Sam does not serve the consultation link: it is not in his queue.
  await expect(sam.getByTestId('queue-panel')).toContainText('Nobody is waiting.');

  await dana.getByTestId('pick').click();
  await expect(app.getByTestId('end')).toBeVisible();
  await app.getByTestId('chat-input').fill('Thanks for taking me');
  await app.getByTestId('chat-send').click();
  await expect(dana.getByTestId('chat-message').last()).toContainText('Thanks for taking me');
  await dana.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await goUnavailable(dana);
  await goUnavailable(sam);
  await dana.context().close();
  await sam.context().close();
  await app.page().context().close();
});

test('[B2][B3][B5] broadcast viewers join without camera or queue; the presenter sees the count', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await expect(dana.getByTestId('broadcast-panel')).toContainText('Off air');
  await dana.getByTestId('broadcast-start').click();
  await expect(dana.getByTestId('broadcast-state')).toContainText('On air with Dana Demo');

  const viewers = [];
  for (let i = 0; i < 3; i++) {
    // No camera permission at all: a viewer must never need one.
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __gum: number };
      w.__gum = 0;
      const devices = navigator.mediaDevices as MediaDevices | undefined;
      if (!devices) return;
      const original = devices.getUserMedia.bind(devices);
      devices.getUserMedia = (c) => {
        w.__gum += 1;
        return original(c);
      };
    });
    const app = await openVisitorApp(page, 'demo-broadcast');
    await expect(app.getByTestId('broadcast-status')).toHaveText('On air: Dana Demo');
    await app.getByTestId('broadcast-watch').click();
    await expect(app.getByTestId('broadcast-stage')).toBeVisible();
    expect(await app.evaluate(() => (window as unknown as { __gum: number }).__gum)).toBe(0);
    viewers.push(app);
  }
  await expect(dana.getByTestId('viewer-count')).toHaveText('3 viewers of 100');
  await viewers[0]?.getByTestId('broadcast-leave').click();
  await expect(dana.getByTestId('viewer-count')).toHaveText('2 viewers of 100');

  await dana.getByTestId('broadcast-stop').click();
  for (const app of viewers) {
    await expect(app.getByTestId('broadcast-status')).toContainText('has not started yet');
    await expect(app.getByTestId('broadcast-watch')).toBeDisabled();
  }
  await dana.context().close();
  for (const app of viewers) await app.page().context().close();
});
