import { expect, test, type Page } from '@playwright/test';
import {
  docsScreenshot,
  expectMediaFlowing,
  goAvailable,
  loginConsultant,
  mediaStats,
  newPerson,
  visitorFrame,
} from './helpers.ts';

/** Counts the page's RTCPeerConnections from its first script on. */
async function countPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const counted = window as unknown as { __peerConnections: number };
    counted.__peerConnections = 0;
    window.RTCPeerConnection = class extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        counted.__peerConnections += 1;
      }
    };
  });
}

const peerConnections = (page: Page) =>
  page.evaluate(() => (window as unknown as { __peerConnections: number }).__peerConnections);

test('[CD6] a consultant with the console in two tabs: one carries the call, the other chats only; "Take calls here" moves the call, and closing that tab moves it back', async ({
  browser,
}) => {
  const visitorContext = await newPerson(browser);
  const consultantContext = await newPerson(browser);
  const first = await consultantContext.newPage();
  await loginConsultant(first);
  await goAvailable(first);
  const second = await consultantContext.newPage();
  await countPeerConnections(second);
  await second.goto('/console/');
  await expect(second.getByTestId('calls-elsewhere')).toBeVisible();
  await expect(first.getByTestId('calls-elsewhere')).toHaveCount(0);

  const customerPage = await visitorContext.newPage();
  await customerPage.goto('/demo');
  await customerPage.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(customerPage);
  await app.getByTestId('connect').click();
  await first.getByTestId('accept').click();
  await expectMediaFlowing(app);
  await expectMediaFlowing(first);

  // The second tab shows the conversation without a call of its own: no camera, no connection.
  await expect(second.getByTestId('call-elsewhere')).toBeVisible();
  await second.getByTestId('chat-input').fill('from the second tab');
  await second.getByTestId('chat-send').click();
  await expect(app.getByTestId('chat-message').last()).toContainText('from the second tab');
  expect(await peerConnections(second)).toBe(0);
  await docsScreenshot(second, 'console-calls-elsewhere');
  await docsScreenshot(second, 'console-calls-elsewhere-phone', { phone: true });
  expect((await mediaStats(first)).connectionState).toBe('connected');

  // Taken to the second tab: it rejoins the call; the first lets go and says where the call is.
  await second.getByTestId('take-calls-here').click();
  await expect(second.getByTestId('calls-elsewhere')).toHaveCount(0);
  await expectMediaFlowing(second);
  await expect(first.getByTestId('calls-elsewhere')).toBeVisible();
  await expect(first.getByTestId('call-elsewhere')).toBeVisible();
  expect((await mediaStats(first)).connectionState).toBe('none');
  const visitorSees = await expectMediaFlowing(app);
  expect(visitorSees.connectionState).toBe('connected');

  // The tab with the call closes: the first one carries it again, in the same call.
  await second.close();
  await expect(first.getByTestId('calls-elsewhere')).toHaveCount(0);
  await expectMediaFlowing(first);
  await expectMediaFlowing(app);

  await first.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await visitorContext.close();
  await consultantContext.close();
});
