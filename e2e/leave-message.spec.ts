import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './a11y.ts';
import { goUnavailable, loginConsultant, newPerson, openVisitorApp } from './helpers.ts';

test('[Q6][I1] with nobody available the visitor leaves a message, which reaches the inbox', async ({ browser }) => {
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goUnavailable(dana);
  const app = await openVisitorApp(await (await newPerson(browser)).newPage());
  await expect(app.getByTestId('availability')).toHaveText('No consultant is connected');
  await app.getByTestId('leave-message').click();
  await expectNoA11yViolations(app, 'the leave-a-message form');
  await app.getByLabel('Your name').fill('Olga <img src=x onerror=alert(1)>');
  await app.getByTestId('leave-email').fill('olga@example.com');
  await app.getByTestId('leave-text').fill('Please call me back about order 42.');
  await app.getByTestId('leave-send').click();
  await expect(app.getByTestId('leave-sent')).toContainText('Your message has been sent');

  // It lands in the console inbox, rendered as text.
  await dana.getByTestId('nav-inbox').click();
  const left = dana.getByTestId('left-message').filter({ hasText: 'order 42' });
  await expect(left.getByTestId('left-name')).toHaveText('Olga <img src=x onerror=alert(1)>');
  await expect(left.getByTestId('left-email')).toHaveAttribute('href', 'mailto:olga@example.com');
  expect(await dana.locator('img[src="x"]').count()).toBe(0);
  // [UI3] The inbox with an open message, then with it handled (dimmed).
  await expectNoA11yViolations(dana, 'the console inbox');
  await left.getByTestId('mark-handled').click();
  await dana.getByTestId('inbox').getByRole('checkbox').check();
  await expect(left.getByTestId('handled')).toBeVisible();
  await expectNoA11yViolations(dana, 'the console inbox, a message handled');
  await dana.context().close();
  await app.page().context().close();
});
