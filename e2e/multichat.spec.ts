import { expect, test } from '@playwright/test';
import {
  DEMO,
  docsScreenshot,
  goAvailable,
  goUnavailable,
  loginConsultant,
  newPerson,
  openVisitorApp,
} from './helpers.ts';
import { setCapacity } from './capacity.ts';

test('[CD2][CD3] two visitors at once: switch by keyboard and mouse, unread count, wrap-up while the other call goes on', async ({
  browser,
}) => {
  test.setTimeout(180_000); // two live video calls on one consultant
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 720 },
  });
  const dana = await context.newPage();
  await loginConsultant(dana);
  await setCapacity(dana, DEMO.email, 2);
  try {
    await goAvailable(dana);
    const first = await openVisitorApp(await (await newPerson(browser)).newPage());
    const second = await openVisitorApp(await (await newPerson(browser)).newPage());
    await first.getByTestId('connect').click();
    await dana.getByTestId('accept').click();
    await expect(first.getByTestId('end')).toBeVisible();
    await second.getByTestId('connect').click();
    await dana.getByTestId('accept').click();
    await expect(second.getByTestId('end')).toBeVisible();

    const tabs = dana.getByTestId('conversation-tab');
    const shown = dana.locator('.conversation-slot:not([hidden])');
    await expect(tabs).toHaveCount(2);
    await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');

    // A message to the conversation behind shows as unread on its tab, not in the one in front.
    await second.getByTestId('chat-input').fill('Hello from the second visitor');
    await second.getByTestId('chat-send').click();
    await expect(tabs.nth(1).getByTestId('unread')).toHaveText('1');
    await expect(tabs.nth(1).getByTestId('unread')).toHaveAttribute('aria-label', '1 unread message');
    await expect(shown.getByTestId('chat-message')).toHaveCount(0);
    await docsScreenshot(dana, 'console-two-chats');

    // Keyboard: the arrow key brings the other conversation to the front and reads it.
    await tabs.nth(0).focus();
    await dana.keyboard.press('ArrowRight');
    await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(tabs.nth(1)).toBeFocused();
    await expect(tabs.nth(1).getByTestId('unread')).toHaveCount(0);
    await expect(shown.getByTestId('chat-message')).toContainText(['Hello from the second visitor']);

    // Mouse: back to the first; a message from it while in front is read at once.
    await tabs.nth(0).click();
    await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
    await first.getByTestId('chat-input').fill('Hello from the first visitor');
    await first.getByTestId('chat-send').click();
    await expect(shown.getByTestId('chat-message')).toContainText(['Hello from the first visitor']);
    await expect(tabs.getByTestId('unread')).toHaveCount(0);

    // The first visitor leaves: its wrap-up is there at once while the second call goes on.
    await first.getByTestId('end').click();
    await expect(dana.getByTestId('closed-message')).toBeVisible();
    await expect(dana.getByTestId('mark-done')).toBeInViewport();
    await expect(shown.getByTestId('end')).toBeVisible();
    await second.getByTestId('chat-input').fill('Still here');
    await second.getByTestId('chat-send').click();
    await expect(shown.getByTestId('chat-message').last()).toContainText('Still here');
    await docsScreenshot(dana, 'console-wrap-up-beside-call');
    await dana.getByTestId('mark-done').click();
    await expect(dana.getByTestId('closed-message')).toHaveCount(0);
    await expect(second.getByTestId('end')).toBeVisible();

    await second.getByTestId('end').click();
    await expect(dana.getByTestId('closed-message')).toBeVisible();
    await dana.getByTestId('mark-done').click();
    await goUnavailable(dana);
    for (const app of [first, second]) await app.page().context().close();
  } finally {
    await setCapacity(dana, DEMO.email, 1);
    await context.close();
  }
});
