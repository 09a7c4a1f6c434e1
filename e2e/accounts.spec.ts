import { expect, test, type Page } from '@playwright/test';
import { docsScreenshot, loginConsultant, newPerson } from './helpers.ts';

/** The docs pictures of a screen, at a laptop's and at a phone's size. */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  for (const [width, height] of [
    [1280, 720],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await docsScreenshot(page, `${name}-${width}`);
  }
  if (size) await page.setViewportSize(size);
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/console/');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function choosePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-repeat').fill(next);
  await page.getByTestId('password-submit').click();
}

// Uses a consultant of its own: the demo accounts' password stays what the other specs sign in with.
test('[U1][U2][U3][U4][U5] a consultant changes their password and the other console is signed out; an admin reset works end to end', async ({
  browser,
}) => {
  // Three consoles and a dozen scrypt hashes on a shared two-core machine.
  test.setTimeout(240_000);
  const email = `paula.${Date.now()}@demo.parley`;
  const adminContext = await newPerson(browser);
  const admin = await adminContext.newPage();
  await admin.setViewportSize({ width: 1280, height: 720 });
  await loginConsultant(admin);
  await admin.getByTestId('nav-admin').click();
  await admin.getByTestId('admin-consultants').click();
  await admin.getByTestId('invite-name').fill('Paula Pires');
  await admin.getByTestId('invite-email').fill(email);
  await admin.getByTestId('invite-submit').click();
  const invitePassword = (await admin.getByTestId('initial-password').textContent()) ?? '';

  // [U4] The one-time password opens only the change of password.
  const laptopContext = await newPerson(browser);
  const laptop = await laptopContext.newPage();
  await signIn(laptop, email, invitePassword);
  await expect(laptop.getByTestId('forced-intro')).toBeVisible();
  await expect(laptop.getByTestId('presence-toggle')).toHaveCount(0);
  await shoot(laptop, 'console-password-forced');
  // [U3] A common password is refused with a translated, coded message.
  await choosePassword(laptop, invitePassword, 'password123');
  await expect(laptop.getByTestId('password-error')).toHaveText(
    'This password is too common or too easy to guess. Choose another one.',
  );
  await choosePassword(laptop, invitePassword, 'amber-kettle-1904');
  await expect(laptop.getByTestId('presence-toggle')).toBeVisible();

  // A second console of the same account, on another device.
  const phoneContext = await newPerson(browser);
  const phone = await phoneContext.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await signIn(phone, email, 'amber-kettle-1904');
  await expect(phone.getByTestId('presence-toggle')).toBeVisible();

  // [U2] Changed on the laptop: the phone's open console is signed out at once ([U1]), the laptop stays.
  await laptop.getByTestId('account-menu').click();
  await laptop.getByTestId('nav-account').click();
  await expect(laptop.getByTestId('change-password')).toBeVisible();
  await choosePassword(laptop, 'amber-kettle-1904', 'short');
  await expect(laptop.getByTestId('password-error')).toHaveText('The new password is too short.');
  await choosePassword(laptop, 'wrong-password-1', 'cedar-lantern-2211');
  await expect(laptop.getByTestId('password-error')).toHaveText('The current password is wrong.');
  await choosePassword(laptop, 'amber-kettle-1904', 'cedar-lantern-2211');
  await expect(laptop.getByTestId('password-changed')).toBeVisible();
  await expect(phone.getByTestId('signed-out')).toHaveText(
    'You were signed out: the password of this account was changed.',
  );
  await expect(phone.getByTestId('presence-toggle')).toHaveCount(0);
  await shoot(laptop, 'console-password-change');
  await laptop.getByTestId('nav-desk').click();
  await expect(laptop.getByTestId('presence-toggle')).toBeVisible();
  expect((await laptop.request.get('/api/v1/auth/me')).status()).toBe(200);
  expect((await phone.request.get('/api/v1/auth/me')).status()).toBe(401);

  // [U5] The admin resets Paula's password: her console closes, the one-time password is shown once.
  await admin.reload();
  await admin.getByTestId('nav-admin').click();
  await admin.getByTestId('admin-consultants').click();
  await admin.getByTestId('consultant-row').filter({ hasText: email }).getByTestId('consultant-reset').click();
  await expect(admin.getByTestId('reset-confirmation')).toContainText('Paula Pires');
  await shoot(admin, 'admin-password-reset-confirm');
  await admin.getByTestId('reset-confirm').click();
  const resetPassword = (await admin.getByTestId('one-time-password').textContent()) ?? '';
  expect(resetPassword.length).toBeGreaterThanOrEqual(16);
  await shoot(admin, 'admin-password-reset');
  await expect(laptop.getByTestId('signed-out')).toHaveText(
    'You were signed out: an administrator reset the password of this account.',
  );

  // The old password no longer works; the one-time one leads through the change to the desk.
  await signIn(phone, email, 'cedar-lantern-2211');
  await expect(phone.getByTestId('login-error')).toHaveText('E-mail or password is wrong.');
  await signIn(phone, email, resetPassword);
  await choosePassword(phone, resetPassword, 'maple-harbour-3350');
  await expect(phone.getByTestId('presence-toggle')).toBeVisible();

  for (const context of [phoneContext, laptopContext, adminContext]) await context.close();
});
