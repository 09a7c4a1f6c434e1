import { expect, test, type Page } from '@playwright/test';
import { startSmtp, type ReceivedMail } from '../packages/server/test/smtp.ts';
import { smtpPort } from '../playwright.config.ts';
import {
  docsScreenshot,
  expectMediaFlowing,
  goAvailable,
  goUnavailable,
  loginConsultant,
  newPerson,
} from './helpers.ts';

/** [E9] REST calls from the test carry the header the console's SDK sends. */
const CSRF = { 'x-parley-csrf': '1' };

/** The decoded text of a mail: its quoted-printable body and every base64 part (the .ics). */
function decoded(mail: ReceivedMail): string {
  const base64 = [
    ...mail.raw.matchAll(/Content-Transfer-Encoding: base64\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)/g),
  ].map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8'));
  const quoted = Buffer.from(
    mail.raw
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
  return [quoted, ...base64].join('\n');
}

async function sessionsTab(page: Page): Promise<void> {
  await page.getByTestId('nav-sessions').click();
  await expect(page.getByTestId('plan-form')).toBeVisible();
}

/** Plans a session over REST (as the console does) and returns its code. */
async function planByApi(page: Page, startsAt: number, durationMinutes = 30): Promise<string> {
  const links = await page.evaluate(
    () =>
      (window as unknown as { __parley: { client: { state: { links: { id: string; mode: string }[] } } } }).__parley
        .client.state.links,
  );
  const response = await page.request.post('/api/v1/appointments', {
    headers: CSRF,
    data: {
      startsAt,
      durationMinutes,
      guestName: 'Late Guest',
      linkId: links.find((l) => l.mode !== 'broadcast')?.id,
      locale: 'en',
    },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

test('[AP1][AP2][AP6][AP7][AP8][M8] a planned session: invitation with code and .ics by e-mail, the guest enters the code, chats before the media check, joins, video call', async ({
  browser,
}) => {
  const smtp = await startSmtp(smtpPort);
  const consultantContext = await newPerson(browser);
  const guestContext = await newPerson(browser, 'pl-PL');
  try {
    const dana = await consultantContext.newPage();
    await loginConsultant(dana);
    await goUnavailable(dana);
    await sessionsTab(dana);
    // Plan it in a few minutes: the guest may come in 15 minutes early ([AP3]).
    await dana.getByTestId('plan-guest-name').fill('Gosia Kowalska');
    await dana.getByTestId('plan-guest-email').fill('gosia@guest.test');
    await dana.getByTestId('plan-guest-phone').fill('+48 600 100 200');
    await dana.getByTestId('plan-duration').fill('45');
    await dana.getByTestId('plan-locale').selectOption('pl');
    await dana.setViewportSize({ width: 1280, height: 900 });
    await docsScreenshot(dana, 'sessions-plan');
    await dana.getByTestId('plan-submit').click();
    await expect(dana.getByTestId('appointment-issued')).toBeVisible();
    const shownCode = (await dana.getByTestId('session-code').textContent()) ?? '';
    expect(shownCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}$/);
    const link = (await dana.getByTestId('session-link').textContent()) ?? '';
    await expect(dana.getByTestId('appointment-mailed')).toContainText('gosia@guest.test');
    await expect(dana.getByTestId('appointment')).toContainText('Gosia Kowalska');
    await docsScreenshot(dana, 'sessions-planned');

    // [AP6] The invitation in Polish, with link, code and an RFC 5545 REQUEST.
    const mail = await smtp.next();
    expect(mail.to).toEqual(['gosia@guest.test']);
    expect(mail.subject).toBe('Twoja sesja wideo z Demo');
    const text = decoded(mail);
    expect(text).toContain(`Kod sesji: ${shownCode}`);
    expect(text).toContain(link);
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toContain('SEQUENCE:0');
    expect(text).toContain('DURATION:PT45M');
    expect(mail.raw).toMatch(/filename=invite\.ics/);

    // [AP8] The guest opens the plain page and types the code from the mail.
    const guest = await guestContext.newPage();
    await guest.goto('/s');
    await expect(guest.getByRole('heading')).toHaveText('Dołącz do sesji');
    await guest.getByTestId('session-code').fill(shownCode.toLowerCase());
    await docsScreenshot(guest, 'sessions-code-entry');
    await guest.getByTestId('session-enter').click();
    await guest.waitForURL(/\/widget\/app\//);
    await expect(guest.getByTestId('queue-status')).toContainText('poczekalni');
    // [M8] The chat is open at once, while the media check still runs.
    await expect(guest.getByTestId('session-ready')).toBeVisible();
    await guest.getByTestId('chat-input').fill('Dzień dobry, jestem już');
    await guest.getByTestId('chat-send').click();
    await expect(guest.getByTestId('chat-message')).toContainText('Dzień dobry, jestem już');

    // [AP7] Dana, unavailable, finds the guest in her queue: planned session, check running, first message.
    await dana.getByTestId('nav-desk').click();
    const item = dana.getByTestId('queue-item');
    await expect(item).toContainText('Gosia Kowalska');
    await expect(item.getByTestId('first-message')).toContainText('Dzień dobry, jestem już');
    await expect(item.getByTestId('appointment-badge')).toContainText('Media check in progress');
    // [AP8] The guest finishes the media check; Dana sees it passed.
    await guest.getByTestId('session-ready').click();
    await expect(item.getByTestId('appointment-badge')).toContainText('Media check passed');

    // Dana goes available: it rings for her; she accepts; the chat written before is above the call.
    await goAvailable(dana);
    await expect(dana.getByTestId('incoming')).toContainText('Gosia Kowalska');
    await expect(dana.getByTestId('incoming').getByTestId('first-message')).toContainText('Dzień dobry');
    await dana.getByTestId('accept').click();
    await expect(dana.getByTestId('chat-message')).toContainText('Dzień dobry, jestem już');
    await expectMediaFlowing(guest);
    await expectMediaFlowing(dana);
    // The code is used up now.
    await sessionsTab(dana);
    await expect(dana.getByTestId('appointment-status')).toContainText('Guest has arrived');
    await dana.getByTestId('nav-desk').click();
    await dana.getByTestId('end').click();
    await expect(guest.getByTestId('closed-message')).toBeVisible();
    await goUnavailable(dana);
  } finally {
    await consultantContext.close();
    await guestContext.close();
    await smtp.close();
  }
});

test('[AP4][AP5] wrong and expired codes are refused with a clear message; guessing hits the limit', async ({
  browser,
}) => {
  const consultantContext = await newPerson(browser);
  const guestContext = await newPerson(browser);
  try {
    const dana = await consultantContext.newPage();
    await loginConsultant(dana);
    await goUnavailable(dana);
    const expired = await planByApi(dana, Date.now() - 2 * 3_600_000);
    const valid = await planByApi(dana, Date.now() + 5 * 60_000);

    const guest = await guestContext.newPage();
    // In the visitor app: "I have a session code" with an expired code.
    await guest.goto('/widget/app/?link=demo-help&lang=en');
    await guest.getByTestId('have-code').click();
    await guest.getByTestId('session-code-input').fill(expired);
    await guest.getByTestId('session-code-enter').click();
    await expect(guest.getByRole('alert')).toContainText('This session is over');
    // On the /s page: a wrong code.
    await guest.goto('/s');
    await guest.getByTestId('session-code').fill('ZZZZ-ZZZZ');
    await guest.getByTestId('session-enter').click();
    await expect(guest.getByTestId('session-error')).toHaveAttribute('data-code', 'session_code_invalid');
    await expect(guest.getByTestId('session-error')).toContainText('not valid');
    // [AP5] Guessing: after 10 wrong codes from this address even the right one is refused.
    for (let i = 0; i < 10; i++) {
      await guest.getByTestId('session-code').fill(`ZZZZ-ZZ${'23456789ABCD'.charAt(i)}2`);
      await guest.getByTestId('session-enter').click();
      await expect(guest.getByTestId('session-error')).not.toBeEmpty();
      if ((await guest.getByTestId('session-error').getAttribute('data-code')) === 'session_code_attempts') break;
    }
    await guest.getByTestId('session-code').fill(valid);
    await guest.getByTestId('session-enter').click();
    await expect(guest.getByTestId('session-error')).toHaveAttribute('data-code', 'session_code_attempts');
    await expect(guest.getByTestId('session-error')).toContainText('Too many wrong session codes');
    await goUnavailable(dana);
  } finally {
    await consultantContext.close();
    await guestContext.close();
  }
});

test('[M8] chat before media in the ordinary queue: the waiting visitor writes, the ring shows the first message, the history is above the call, a half-typed line survives Accept', async ({
  browser,
}) => {
  const consultantContext = await newPerson(browser);
  const visitorContext = await newPerson(browser);
  try {
    const dana = await consultantContext.newPage();
    await loginConsultant(dana);
    await goAvailable(dana);
    const visitor = await visitorContext.newPage();
    await visitor.goto('/widget/app/?link=demo-help&lang=en');
    await visitor.getByLabel('Your name').fill('Walk-in Wanda');
    await visitor.getByTestId('connect').click();
    await expect(visitor.getByTestId('queue-status')).toBeVisible();
    await visitor.getByTestId('chat-input').fill('Is my parcel on its way?');
    await visitor.getByTestId('chat-send').click();
    await expect(visitor.getByTestId('chat-message')).toContainText('Is my parcel on its way?');
    await expect(dana.getByTestId('incoming').getByTestId('first-message')).toContainText('Is my parcel on its way?');
    // A line half typed when the consultant accepts stays in the call's chat, whose screen replaces the queue's.
    await visitor.getByTestId('chat-input').fill('And the invoice');
    await dana.getByTestId('accept').click();
    await expect(visitor.getByTestId('end')).toBeVisible();
    await expect(visitor.getByTestId('chat-input')).toHaveValue('And the invoice');
    await visitor.getByTestId('chat-send').click();
    await expect(dana.getByTestId('chat-message').first()).toContainText('Is my parcel on its way?');
    await expect(visitor.getByTestId('chat-message').first()).toContainText('Is my parcel on its way?');
    await expect(dana.getByTestId('chat-message').last()).toContainText('And the invoice');
    await dana.getByTestId('end').click();
    await expect(visitor.getByTestId('closed-message')).toBeVisible();
    await goUnavailable(dana);
  } finally {
    await consultantContext.close();
    await visitorContext.close();
  }
});
