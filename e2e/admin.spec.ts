import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './a11y.ts';
import { docsScreenshot, loginConsultant, newPerson } from './helpers.ts';

// A 1×1 PNG: enough for the magic-byte check and for the preview to render.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('[T1][T5][T6][I1][I3] an admin sets up a department, a consultant and a pool link; a left message reaches the inbox', async ({
  browser,
}) => {
  test.setTimeout(150_000); // seven accessibility scans ([UI3]) on top of the walk through Admin
  const adminContext = await newPerson(browser);
  await adminContext.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await adminContext.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await loginConsultant(page);
  await page.getByTestId('nav-admin').click();

  // F-31: a department.
  await page.getByTestId('admin-departments').click();
  await page.getByTestId('department-name').fill('Field service');
  await page.getByTestId('department-add').click();
  await expect(page.getByTestId('department-row').locator('input').last()).toHaveValue('Field service');
  await expectNoA11yViolations(page, 'admin: departments');

  // Invite a consultant into it: the one-time password is shown once.
  await page.getByTestId('admin-consultants').click();
  await page.getByTestId('invite-name').fill('Nina Nowak');
  await page.getByTestId('invite-email').fill('nina@demo.parley');
  await page.getByTestId('invite-department').selectOption({ label: 'Field service' });
  await page.getByTestId('invite-submit').click();
  const password = (await page.getByTestId('initial-password').textContent()) ?? '';
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expect(page.getByTestId('consultant-row').filter({ hasText: 'nina@demo.parley' })).toBeVisible();
  await expectNoA11yViolations(page, 'admin: consultants, a one-time password shown');
  await docsScreenshot(page, 'admin-consultants', { fullPage: true });

  // F-11: a pool link for the department, both consultants assigned, with an offline notice.
  await page.getByTestId('admin-links').click();
  await page.getByTestId('link-new').click();
  await page.getByTestId('link-name').fill('Field pool');
  await page.getByTestId('link-mode').selectOption('pool');
  await page.getByTestId('link-acceptance').selectOption('automatic');
  await page.getByTestId('link-department').selectOption({ label: 'Field service' });
  await page.getByTestId('link-max-wait').fill('90');
  await page.getByTestId('link-offline-text').fill('We are back Monday at 9:00.');
  await page.getByTestId('assign-nina@demo.parley').check();
  await page.getByTestId('assign-consultant@demo.parley').check();
  await page.getByTestId('link-save').click();

  // F-01: both embed codes, ready to copy.
  const editor = page.getByTestId('link-editor');
  const visitorCode = editor.getByTestId('embed-visitor');
  await expect(visitorCode).toContainText('/widget/loader.js" data-parley-link="');
  await expect(editor.getByTestId('embed-consultant')).toHaveText(/\/console\/$/);
  const key = /data-parley-link="([^"]+)"/.exec((await visitorCode.textContent()) ?? '')?.[1] ?? '';
  expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  await editor.getByTestId('embed-visitor-copy').click();
  await expect(editor.getByTestId('embed-visitor-copy')).toHaveText('Copied');

  // F-10: the offline picture, uploaded and served.
  await editor.getByTestId('offline-upload').setInputFiles({ name: 'away.png', mimeType: 'image/png', buffer: PNG });
  await expect(editor.getByTestId('offline-preview')).toBeVisible();
  await expectNoA11yViolations(page, 'admin: the link editor');
  const status = await page.request.get(`/api/v1/links/${key}/status`);
  expect(await status.json()).toMatchObject({
    mode: 'pool',
    offline: { text: 'We are back Monday at 9:00.', imageUrl: `/api/v1/links/${key}/offline-image` },
  });
  await docsScreenshot(page, 'admin', { fullPage: true });
  await editor.getByTestId('link-close').click();
  await expect(page.getByTestId('link-card').filter({ hasText: 'Field pool' })).toContainText(key);
  await expectNoA11yViolations(page, 'admin: links');

  // F-04: a visitor leaves a message through the public route, as the visitor app does. Messages
  // that specs run earlier left on the demo links (the [UI3] walk leaves one) are handled first,
  // so the counts below are this message's.
  const earlier = (await (await page.request.get('/api/v1/inbox')).json()) as { id: string; handled?: boolean }[];
  for (const m of earlier) {
    const done = await page.request.post(`/api/v1/inbox/${m.id}/handled`, { headers: { 'x-parley-csrf': '1' } });
    expect(done.ok()).toBe(true);
  }
  await page.reload();
  await expect(page.getByTestId('inbox-badge')).toHaveCount(0);
  const visitorContext = await browser.newContext();
  const left = await visitorContext.request.post(`/api/v1/links/${key}/messages`, {
    headers: { 'x-parley-csrf': '1' },
    data: { name: 'Vera <b>Visitor</b>', email: 'vera@example.test', text: 'Please call me back\nabout my order.' },
  });
  expect(left.status()).toBe(201);
  await visitorContext.close();

  // [I5] The open console learns of it at once: the Inbox tab shows the count, no reload.
  await expect(page.getByTestId('inbox-badge')).toHaveText('1');
  await page.getByTestId('nav-inbox').click();
  const message = page.getByTestId('left-message').filter({ hasText: 'vera@example.test' });
  await expect(message).toBeVisible();
  await expect(message.getByTestId('left-name')).toHaveText('Vera <b>Visitor</b>'); // text, never HTML
  await expect(message.getByTestId('left-email')).toHaveAttribute('href', 'mailto:vera@example.test');
  await expect(message.getByTestId('left-text')).toHaveText('Please call me back\nabout my order.');
  await expect(message).toContainText('via Field pool');
  await expect(page.getByTestId('inbox-open-count')).toHaveText('1 open message');
  await expectNoA11yViolations(page, 'the inbox with an open message');
  await docsScreenshot(page, 'inbox', { fullPage: true });
  await message.getByTestId('mark-handled').click();
  await expect(page.getByTestId('inbox-open-count')).toHaveText('No open messages');
  await expect(page.getByTestId('inbox-badge')).toHaveCount(0);

  // The invited consultant logs in with the one-time password: no Admin tab, but the offline
  // notice of their link and its messages.
  const ninaContext = await newPerson(browser);
  const nina = await ninaContext.newPage();
  await nina.goto('/console/');
  await nina.getByTestId('login-email').fill('nina@demo.parley');
  await nina.getByTestId('login-password').fill(password);
  await nina.getByTestId('login-submit').click();
  // [U4] First she chooses a password of her own.
  await nina.getByTestId('password-current').fill(password);
  await nina.getByTestId('password-new').fill('nina-field-service-7');
  await nina.getByTestId('password-repeat').fill('nina-field-service-7');
  await nina.getByTestId('password-submit').click();
  await expect(nina.getByTestId('presence-toggle')).toBeVisible();
  await expect(nina.getByTestId('nav-admin')).toHaveCount(0);
  await nina.getByTestId('nav-offline').click();
  await expect(nina.getByTestId('offline-notice')).toContainText('Field pool');
  await expectNoA11yViolations(nina, 'the console: offline notices');
  await nina.getByTestId('nav-inbox').click();
  await expect(nina.getByTestId('left-message')).toHaveCount(0); // handled ones are hidden by default

  // [T9] Deactivated, Nina's open console is signed out at once and says why; her session stops working.
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('admin-consultants').click();
  await page.getByTestId('consultant-row').filter({ hasText: 'Nina Nowak' }).getByTestId('consultant-toggle').click();
  await expect(page.getByTestId('consultant-row').filter({ hasText: 'Nina Nowak' })).toContainText('Deactivated');
  await expect(nina.getByTestId('signed-out')).toHaveText(
    'You were signed out: an administrator deactivated this account.',
  );
  await expect(nina.getByTestId('presence-toggle')).toHaveCount(0);
  await expectNoA11yViolations(nina, 'the console: signed out by an administrator');
  await docsScreenshot(nina, 'console-signed-out');
  expect((await nina.request.get('/api/v1/inbox')).status()).toBe(401);

  await ninaContext.close();
  await adminContext.close();
});
