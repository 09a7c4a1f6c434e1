import { createHmac } from 'node:crypto';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { startSmtp } from '../packages/server/test/smtp.ts';
import { smtpPort } from '../playwright.config.ts';
import { docsScreenshot, goAvailable, loginConsultant, newPerson, openVisitorApp, visitorFrame } from './helpers.ts';

/** [E9] REST calls from the test carry the header the console's SDK sends. */
const CSRF = { 'x-parley-csrf': '1' };

/** What an attacker types into a chat, a name, a note or a canned response. */
const CORPUS = [
  '<script>window.__pwned=1;alert(1)</script>',
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '<a href="javascript:alert(1)">click</a>',
  'https://example.com/"onmouseover="alert(1)',
  'https://evil.example\u202Egpj.exe',
  'https://user:pass@evil.example',
  'hxxps://evil.example',
  'see https://example.com/safe, or mail help@example.com.',
];

/** Nothing ran, nothing was injected, and every link goes to http(s) or mailto only. */
async function expectInert(target: Page | Frame, label: string): Promise<void> {
  const report = await target.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown };
    const links = [...document.querySelectorAll('.messages a, .notes a')].map((a) => ({
      href: a.getAttribute('href') ?? '',
      rel: a.getAttribute('rel') ?? '',
      target: a.getAttribute('target') ?? '',
    }));
    const injected = document.querySelectorAll(
      '.messages script, .messages img, .messages svg, .messages iframe, .notes img, .notes script, .notes svg, [onerror], [onload], [onmouseover]',
    ).length;
    return { pwned: w.__pwned ?? null, links, injected };
  });
  expect(report.pwned, label).toBeNull();
  expect(report.injected, label).toBe(0);
  expect(report.links.length, label).toBeGreaterThan(0);
  for (const link of report.links) {
    expect(link.href, label).toMatch(/^(https?:\/\/|mailto:)/);
    expect(link.rel, label).toBe('noopener noreferrer');
    expect(link.target, label).toBe('_blank');
  }
}

/** The docs pictures of the desk panels are taken at one size. */
async function docShot(page: Page, name: string): Promise<void> {
  if (process.env.PARLEY_SCREENSHOTS !== '1') return;
  await page.setViewportSize({ width: 1440, height: 900 });
  await docsScreenshot(page, name);
}

test('[X1][X3][E3] the XSS corpus through chat, names, notes and canned responses executes nothing in either UI', async ({
  browser,
}) => {
  const visitorContext = await newPerson(browser);
  const consultantContext = await newPerson(browser);
  const customer = await visitorContext.newPage();
  const console = await consultantContext.newPage();
  const dialogs: string[] = [];
  for (const page of [customer, console])
    page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));

  await loginConsultant(console);
  await console.request.post('/api/v1/admin/canned-responses', {
    headers: CSRF,
    data: {
      title: 'Greeting <b>',
      text: 'Hello %visitor%! <img src=x onerror=alert(1)> https://example.com/help',
      departmentId: null,
    },
  });
  await console.reload();
  await goAvailable(console);

  const app = await openVisitorApp(customer);
  await app.getByLabel('Your name (optional)').fill('<img src=x onerror=alert(1)>');
  await app.getByTestId('connect').click();
  await console.getByTestId('accept').click();
  await expect(app.getByTestId('chat-input')).toBeVisible();

  for (const line of CORPUS) {
    await app.getByTestId('chat-input').fill(line);
    await app.getByTestId('chat-send').click();
  }
  await expect(console.getByTestId('chat-message')).toHaveCount(CORPUS.length);
  // [CR5] The canned response lands in the input, filled and editable, then goes out as typed.
  await console.getByTestId('canned-picker').selectOption({ label: 'Greeting <b>' });
  await expect(console.getByTestId('chat-input')).toHaveValue(
    'Hello <img src=x onerror=alert(1)>! <img src=x onerror=alert(1)> https://example.com/help',
  );
  await console.getByTestId('chat-input').press('End');
  await console.getByTestId('chat-input').pressSequentially(' ok');
  await console.getByTestId('chat-send').click();
  await expect(app.getByTestId('chat-message')).toHaveCount(CORPUS.length + 1);
  await expect(app.getByTestId('chat-message').last()).toContainText('https://example.com/help ok');

  await console.getByTestId('note-input').fill(CORPUS.join('\n'));
  await console.getByTestId('note-save').click();
  await expect(console.getByTestId('note')).toHaveCount(1);

  // Text shown verbatim; the safe URL and address became links, the rest stayed text.
  await expect(console.getByTestId('chat-message').nth(1)).toContainText(
    '<img src=x onerror="window.__pwned=1;alert(1)">',
  );
  await expect(app.locator('.messages a[href="https://example.com/safe"]')).toHaveCount(1);
  await expect(console.locator('.messages a[href="mailto:help@example.com"]')).toHaveCount(1);
  await expect(console.locator('.messages a[href^="https://evil.example"]')).toHaveCount(1);
  await expect(console.locator('.messages a', { hasText: 'gpj.exe' })).toHaveCount(0);
  await expectInert(app, 'visitor app');
  await expectInert(console, 'console');
  expect(dialogs).toEqual([]);

  await console.getByTestId('end').click();
  await expect(console.getByTestId('wrap-up')).toBeVisible();
  await visitorContext.close();
  await consultantContext.close();
});

test('[Y1][N2][N3][K4] after the end: Mark as done with a disposition, transcripts for both reach the SMTP server', async ({
  browser,
}) => {
  const smtp = await startSmtp(smtpPort);
  try {
    const visitorContext = await newPerson(browser);
    const consultantContext = await newPerson(browser);
    const customer = await visitorContext.newPage();
    const console = await consultantContext.newPage();
    await loginConsultant(console);
    await console.request.post('/api/v1/admin/dispositions', {
      headers: CSRF,
      data: { code: 'RESOLVED', label: 'Resolved' },
    });
    await console.request.put('/api/v1/admin/desk-settings', {
      headers: CSRF,
      data: { dispositionRequired: true },
    });
    const { secret } = (await (await console.request.get('/api/v1/admin/identity-secret')).json()) as {
      secret: string;
    };
    await goAvailable(console);

    // [K2][D1] The customer's page identifies the logged-in customer (signed by its backend) and attaches data.
    await customer.goto('/demo');
    // [SD4] The backend signs id, name, e-mail and an expiry (README), one per line.
    const ann = { id: 'cust-1001', name: 'Ann Customer', email: 'ann@customer.test' };
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const payload = ['parley-identity-v1', ann.id, ann.name, ann.email, expires].join('\n');
    const signature = createHmac('sha256', secret).update(payload).digest('hex');
    await customer.waitForFunction(() => 'Parley' in window);
    await customer.evaluate(
      (identity) => {
        const parley = (window as unknown as { Parley: { identify(i: object): void; attach(d: object): void } }).Parley;
        parley.identify(identity);
        parley.attach({ account: 'ACC-1001', service: 'Parcel tracking' });
      },
      { ...ann, expires, signature },
    );
    await customer.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(customer);
    await app.getByLabel('Your name (optional)').fill('Ann');
    await app.getByTestId('connect').click();
    await console.getByTestId('accept').click();
    await expect(console.getByTestId('desk-contact')).toContainText('Ann Customer');
    await expect(console.getByTestId('desk-attached')).toContainText('ACC-1001');
    await app.getByTestId('chat-input').fill('Where is my parcel?');
    await app.getByTestId('chat-send').click();
    await expect(console.getByTestId('chat-message')).toHaveCount(1);
    await console.getByTestId('chat-input').fill('It arrives tomorrow.');
    await console.getByTestId('chat-send').click();
    await expect(app.getByTestId('chat-message')).toHaveCount(2);
    await app.getByTestId('end').click();

    // The visitor's closed screen offers the transcript.
    await app.getByTestId('transcript-email').fill('ann@customer.test');
    await app.getByTestId('transcript-send').click();
    await expect(app.getByTestId('transcript-sent')).toBeVisible();
    const mail = await smtp.next();
    expect(mail.to).toEqual(['ann@customer.test']);
    expect(mail.subject).toBe('Your conversation with Demo');
    expect(mail.text).toContain('Between Ann and Dana Demo');
    expect(mail.text).toMatch(/Started: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(mail.text).toMatch(
      /\[\d\d:\d\d:\d\d\] Ann: Where is my parcel\?\n\[\d\d:\d\d:\d\d\] Dana Demo: It arrives tomorrow\./,
    );

    // The consultant: transcript to an address of their choice, then the wrap-up.
    await console.getByTestId('consultant-transcript-email').fill('team@company.test');
    await console.getByTestId('consultant-transcript-send').click();
    expect((await smtp.next()).to).toEqual(['team@company.test']);
    await expect(console.getByTestId('mark-done')).toBeDisabled();
    await console.getByTestId('disposition').selectOption('RESOLVED');
    await console.getByTestId('wrapup-notes').fill('Parcel tracked');
    await console.getByTestId('mark-done').click();
    await expect(console.getByTestId('wrap-up')).toHaveCount(0);
    await console.request.put('/api/v1/admin/desk-settings', {
      headers: CSRF,
      data: { dispositionRequired: false },
    });

    // Team and settings views render.
    await console.getByTestId('nav-team').click();
    await expect(console.getByTestId('team-member').first()).toBeVisible();
    await console.getByTestId('team-input').fill('Lunch at 12? https://example.com/menu');
    await console.getByTestId('team-send').click();
    await expect(console.getByTestId('team-message').last()).toContainText('Lunch at 12?');
    await docShot(console, 'console-team');
    await console.getByTestId('nav-settings').click();
    await expect(console.getByTestId('disposition-row').first()).toContainText('RESOLVED');
    // The add-a-row forms: a disposition code and a custom field, typed into the settings view.
    await console.getByTestId('disposition-code').fill('CALLBACK');
    await console.getByTestId('disposition-label').fill('Call back later');
    await console.getByTestId('disposition-add').click();
    await expect(console.getByTestId('disposition-row').filter({ hasText: 'CALLBACK' })).toContainText(
      'Call back later',
    );
    await console.getByTestId('field-label').fill('Order number');
    await console.getByTestId('field-add').click();
    await expect(console.getByText('Order number', { exact: true })).toBeVisible();
    await expect(console.getByTestId('field-label')).toHaveValue('');
    await docShot(console, 'console-desk-settings');
    await console.getByTestId('nav-contacts').click();
    await console.getByTestId('contact-search').fill('ann');
    await console.getByTestId('contact').first().click();
    await expect(console.getByTestId('history-entry').first()).toContainText('Resolved');
    await expect(console.getByTestId('history-note').first()).toContainText('Parcel tracked');
    await docShot(console, 'console-contacts');
    await visitorContext.close();
    await consultantContext.close();
  } finally {
    await smtp.close();
  }
});
