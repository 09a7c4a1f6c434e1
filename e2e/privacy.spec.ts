import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { docsScreenshot, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

const CSRF = { 'x-parley-csrf': '1' };
const DEFAULTS = { chatDays: 365, notesDays: 365, inboxDays: 365, visitsDays: 90, privacyUrl: null };

test('[GD1][GD3][GD4][GD5] an admin sets retention and a notice the visitor sees, then exports and erases a contact', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const adminContext = await newPerson(browser);
  const visitorContext = await newPerson(browser);
  const admin = await adminContext.newPage();
  try {
    await admin.setViewportSize({ width: 1280, height: 900 });
    await loginConsultant(admin);
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-privacy').click();
    await expect(admin.getByTestId('privacy-chatDays')).toHaveValue('365');
    await admin.getByTestId('privacy-chatDays').fill('30');
    await admin.getByTestId('privacy-visitsDays').fill('');
    await admin.getByTestId('privacy-url').fill('https://shop.example/privacy');
    await admin.getByTestId('privacy-save').click();
    await expect(admin.getByTestId('privacy-status')).toHaveText('Saved.');
    await expect(admin.getByTestId('privacy-visitsDays')).toHaveValue('');
    await admin.getByTestId('privacy-apply').click();
    await expect(admin.getByTestId('privacy-status')).toContainText(/deleted|Nothing/);
    await docsScreenshot(admin, 'admin-privacy');

    // [GD5] The visitor, identified by the customer's page ([K2]), reads how long it is kept.
    const { secret } = (await (await admin.request.get('/api/v1/admin/identity-secret')).json()) as { secret: string };
    const customer = await visitorContext.newPage();
    await customer.goto('/demo');
    const who = { id: `erase-${Date.now()}`, name: 'Erin Erasable', email: 'erin@customer.test' };
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const payload = ['parley-identity-v1', who.id, who.name, who.email, expires].join('\n');
    const signature = createHmac('sha256', secret).update(payload).digest('hex');
    await customer.waitForFunction(() => 'Parley' in window);
    await customer.evaluate(
      (identity) => {
        (window as unknown as { Parley: { identify(i: object): void } }).Parley.identify(identity);
      },
      { ...who, expires, signature },
    );
    await customer.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(customer);
    await expect(app.getByTestId('privacy-line')).toContainText('This conversation is kept for 30 days.');
    await expect(app.getByTestId('privacy-notice')).toHaveAttribute('href', 'https://shop.example/privacy');
    await expect(app.getByTestId('privacy-notice')).toHaveAttribute('rel', 'noopener noreferrer');
    await customer.close();

    // [GD3][GD4] The contact's page: download everything, then erase after confirming.
    await admin.getByTestId('nav-contacts').click();
    await admin.getByTestId('contact-search').fill(who.id);
    await admin.getByTestId('contact').filter({ hasText: 'Erin Erasable' }).click();
    const exportUrl = (await admin.getByTestId('contact-export').getAttribute('href')) ?? '';
    const exported = (await (await admin.request.get(exportUrl)).json()) as {
      contact: { externalId: string; email: string };
    };
    expect(exported.contact).toMatchObject({ externalId: who.id, email: who.email });
    await admin.getByTestId('contact-erase').click();
    await expect(admin.getByTestId('contact-erase-confirm')).toContainText('Erin Erasable');
    await docsScreenshot(admin, 'contact-erase');
    await admin.getByTestId('contact-erase-confirmed').click();
    await expect(admin.getByTestId('contact')).toHaveCount(0);
    await admin.getByTestId('contact-search').fill(`${who.id} `);
    await admin.getByTestId('contact-search').fill(who.id);
    await expect(admin.getByTestId('contact')).toHaveCount(0);
    expect((await admin.request.get(exportUrl)).status()).toBe(404);
  } finally {
    // Other specs expect the demo tenant's default periods and no notice.
    await admin.request.put('/api/v1/tenant/privacy', { headers: CSRF, data: DEFAULTS });
    await adminContext.close();
    await visitorContext.close();
  }
});
