import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './a11y.ts';
import {
  expectMediaFlowing,
  goAvailable,
  goUnavailable,
  loginConsultant,
  newPerson,
  openVisitorApp,
  SAM,
} from './helpers.ts';

test('[C12] Dana transfers a call to Sam with a reason; the visitor stays and talks to Sam', async ({ browser }) => {
  test.setTimeout(150_000); // accessibility scans ([UI3]) on top of two calls
  const dana = await (await newPerson(browser)).newPage();
  const sam = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goAvailable(dana);
  await loginConsultant(sam, SAM);
  await goAvailable(sam);

  const app = await openVisitorApp(await (await newPerson(browser)).newPage());
  await app.getByTestId('connect').click();
  await dana.getByTestId('accept').click();
  await app.getByTestId('chat-input').fill('My invoice is wrong');
  await app.getByTestId('chat-send').click();
  await expect(dana.getByTestId('chat-message').last()).toContainText('My invoice is wrong');

  await dana.getByTestId('transfer').click();
  await dana.getByTestId('transfer-target').selectOption({ label: 'Sam Sales' });
  await dana.getByTestId('transfer-reason').fill('billing question');
  await expectNoA11yViolations(dana, 'the console: the transfer dialog');
  await dana.getByTestId('transfer-send').click();
  await expect(app.getByTestId('ringing-hint')).toHaveText('You are being transferred to another consultant…');
  await expect(dana.getByTestId('end')).toHaveCount(0);
  await expectNoA11yViolations(app, 'the visitor being transferred');

  await expect(sam.getByTestId('transferred-from')).toHaveText('Transferred to you by Dana Demo');
  await expectNoA11yViolations(sam, 'the console: a transferred call ringing');
  await sam.getByTestId('accept').click();
  await expect(sam.getByTestId('chat-message').first()).toContainText('My invoice is wrong');
  await expect(app.getByText('You are talking to Sam Sales')).toBeVisible();
  await expectMediaFlowing(sam);
  await expectMediaFlowing(app);
  await sam.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await goUnavailable(dana);
  await goUnavailable(sam);
  for (const page of [dana, sam, app.page()]) await page.context().close();
});

test('[C11][C13] hold disables the visitor’s Send until resumed; after the end, Mark as done', async ({ browser }) => {
  test.setTimeout(150_000); // accessibility scans ([UI3]) on top of the call
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goAvailable(dana);
  const app = await openVisitorApp(await (await newPerson(browser)).newPage());
  await app.getByTestId('connect').click();
  await dana.getByTestId('accept').click();
  await expect(app.getByTestId('end')).toBeVisible();

  await dana.getByTestId('hold').click();
  await expect(app.getByTestId('on-hold')).toBeVisible();
  await expect(app.getByTestId('chat-send')).toBeDisabled();
  await expect(app.getByTestId('chat-input')).toBeDisabled();
  await expect(dana.getByTestId('held-banner')).toBeVisible();
  await expectNoA11yViolations(app, 'the visitor on hold');
  await expectNoA11yViolations(dana, 'the console: a call on hold');

  await dana.getByTestId('hold').click(); // Resume
  await expect(app.getByTestId('on-hold')).toHaveCount(0);
  await app.getByTestId('chat-input').fill('Still there?');
  await app.getByTestId('chat-send').click();
  await expect(dana.getByTestId('chat-message').last()).toContainText('Still there?');

  await app.getByTestId('end').click();
  await expect(dana.getByTestId('closed-message')).toBeVisible();
  await expectNoA11yViolations(dana, 'the console: wrap-up after the call');
  await dana.getByTestId('mark-done').click();
  await expect(dana.getByTestId('closed-message')).toHaveCount(0);
  await goUnavailable(dana);
  for (const page of [dana, app.page()]) await page.context().close();
});
