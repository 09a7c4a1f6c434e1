import { expect, test, type Page } from '@playwright/test';
import { goAvailable, goUnavailable, loginConsultant, newPerson, openVisitorApp, SAM } from './helpers.ts';

/** Admin → Consultants: toggles Sam's account and waits for the row to say so. */
async function toggleSam(admin: Page, expected: 'Deactivated' | 'Active'): Promise<void> {
  const row = admin.getByTestId('consultant-row').filter({ hasText: SAM.email });
  await row.getByTestId('consultant-toggle').click();
  if (expected === 'Deactivated') await expect(row).toContainText('Deactivated');
  else await expect(row).not.toContainText('Deactivated');
}

test('[T9][DV1][DV2] deactivating Sam mid-call sends his open console to login; his caller waits again at their place', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goUnavailable(dana);
  await dana.getByTestId('nav-admin').click();
  await dana.getByTestId('admin-consultants').click();

  const sam = await (await newPerson(browser)).newPage();
  await loginConsultant(sam, SAM);
  await goAvailable(sam);

  // Olga is in a call with Sam; Piet asks after her and waits behind her on the same pool link.
  const olga = await openVisitorApp(await (await newPerson(browser)).newPage(), 'demo-pool');
  await olga.getByTestId('connect').click();
  await expect(sam.getByTestId('incoming')).toBeVisible();
  await sam.getByTestId('accept').click();
  await expect(olga.getByTestId('end')).toBeVisible();
  await olga.getByTestId('chat-input').fill('Hello Sam, about my invoice');
  await olga.getByTestId('chat-send').click();
  await expect(sam.getByTestId('chat-message').last()).toContainText('about my invoice');
  const piet = await openVisitorApp(await (await newPerson(browser)).newPage(), 'demo-pool');
  await piet.getByTestId('connect').click();
  await expect(piet.getByTestId('queue-position')).toHaveText('You are next in line.');

  try {
    // [DV1] The admin deactivates Sam: his open console goes to its login page at once, saying why.
    await toggleSam(dana, 'Deactivated');
    await expect(sam.getByTestId('signed-out')).toHaveText(
      'You were signed out: an administrator deactivated this account.',
    );
    await expect(sam.getByTestId('login-email')).toBeVisible();
    await expect(sam.getByTestId('presence-toggle')).toHaveCount(0);

    // [DV2] Olga's call goes back to the queue at her original place: ahead of Piet, who asked later.
    await expect(olga.getByTestId('queue-status')).toContainText('Waiting for a consultant…');
    await expect(olga.getByTestId('queue-position')).toHaveText('You are next in line.');
    await expect(piet.getByTestId('queue-position')).toHaveText('1 person is ahead of you.');

    // Dana comes free: she is rung for Olga first, and sees the chat so far.
    await dana.getByTestId('nav-desk').click();
    await goAvailable(dana);
    await expect(dana.getByTestId('incoming')).toContainText('Visitor');
    await dana.getByTestId('accept').click();
    await expect(olga.getByTestId('end')).toBeVisible();
    await expect(dana.getByTestId('chat-message').first()).toContainText('about my invoice');
    await expect(piet.getByTestId('queue-position')).toHaveText('You are next in line.');

    // Leave the demo consultant as the other specs expect her: no call, unavailable.
    // Piet cancels: a closed page would leave his request queued until his grace period ends, and
    // it would ring the next spec's consultant.
    await piet.getByTestId('cancel').click();
    await expect(piet.getByTestId('connect')).toBeVisible();
    await piet.page().context().close();
    await goUnavailable(dana);
    await dana.getByTestId('end').click();
    await expect(dana.getByTestId('mark-done')).toBeVisible();
    await dana.getByTestId('mark-done').click();
    await expect(dana.getByTestId('mark-done')).toHaveCount(0);
  } finally {
    // Sam serves other specs: he is active again.
    await dana.getByTestId('nav-admin').click();
    await dana.getByTestId('admin-consultants').click();
    await toggleSam(dana, 'Active');
  }
  await dana.context().close();
  await sam.context().close();
  await olga.page().context().close();
});
