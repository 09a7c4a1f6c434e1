import { expect, test, type Page } from '@playwright/test';
import { startSmtp } from '../packages/server/test/smtp.ts';
import { smtpPort } from '../playwright.config.ts';
import { expectNoA11yViolations } from './a11y.ts';
import { docsScreenshot, goUnavailable, loginConsultant, newPerson, openVisitorApp, SAM } from './helpers.ts';

/** Messages earlier specs left on the demo links are handled first, so the counts below are ours. */
async function handleEarlierMessages(admin: Page): Promise<void> {
  const earlier = (await (await admin.request.get('/api/v1/inbox')).json()) as {
    id: string;
    handledAt: number | null;
  }[];
  for (const m of earlier.filter((e) => e.handledAt === null)) {
    const done = await admin.request.post(`/api/v1/inbox/${m.id}/handled`, { headers: { 'x-parley-csrf': '1' } });
    expect(done.ok()).toBe(true);
  }
}

test('[IB1][IB2][IB3][IB4][I5] a left message reaches two open consoles live; assigned, answered by e-mail and handled', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const smtp = await startSmtp(smtpPort);
  try {
    const dana = await (await newPerson(browser)).newPage();
    await dana.setViewportSize({ width: 1280, height: 720 });
    await loginConsultant(dana);
    await goUnavailable(dana);
    await handleEarlierMessages(dana);
    const sam = await (await newPerson(browser)).newPage();
    await loginConsultant(sam, SAM);
    await goUnavailable(sam);
    for (const page of [dana, sam]) {
      await page.getByTestId('nav-inbox').click();
      await expect(page.getByTestId('inbox-open-count')).toHaveText('No open messages');
      await expect(page.getByTestId('inbox-badge')).toHaveCount(0);
    }

    // Nobody is available on the sales pool: the visitor leaves a message.
    const visitor = await openVisitorApp(await (await newPerson(browser)).newPage(), 'demo-pool');
    await expect(visitor.getByTestId('availability')).toHaveText('No consultant is connected');
    await visitor.getByTestId('leave-message').click();
    await visitor.getByLabel('Your name').fill('Olga Kowalska');
    await visitor.getByTestId('leave-email').fill('olga@example.com');
    await visitor.getByTestId('leave-text').fill('Could you call me back about parcel 7713?\nI am home after 5 pm.');
    await visitor.getByTestId('leave-send').click();
    await expect(visitor.getByTestId('leave-sent')).toContainText('Your message has been sent');
    await visitor.page().context().close();

    // [IB1] Both open consoles show it at once, without a reload, with the count on the Inbox tab.
    for (const page of [dana, sam]) {
      await expect(page.getByTestId('left-message').filter({ hasText: 'parcel 7713' })).toBeVisible();
      await expect(page.getByTestId('inbox-badge')).toHaveText('1');
      await expect(page.getByTestId('inbox-open-count')).toHaveText('1 open message');
    }

    // [IB3] Dana assigns it to Sam; Sam's console shows who assigned it, and "only mine" keeps it.
    const danaCard = dana.getByTestId('left-message').filter({ hasText: 'parcel 7713' });
    const samCard = sam.getByTestId('left-message').filter({ hasText: 'parcel 7713' });
    await danaCard.getByTestId('assignee').selectOption({ label: 'Sam Sales' });
    await expect(samCard.getByTestId('left-assigned')).toContainText('Assigned to Sam Sales by Dana Demo');
    await expect(samCard.getByTestId('assignee')).toHaveValue(/.+/);
    await sam.getByTestId('inbox-mine').check();
    await expect(samCard).toBeVisible();
    await dana.getByTestId('inbox-mine').check();
    await expect(dana.getByTestId('left-message')).toHaveCount(0);
    await dana.getByTestId('inbox-mine').uncheck();
    await dana.getByTestId('inbox-mine').blur();

    // [IB2] Sam answers by e-mail: it reaches the visitor's address, Reply-To Sam, quoting her message.
    await samCard.getByTestId('reply').click();
    await samCard.getByTestId('reply-text').fill('Hello Olga, I will call you at 5:30 pm today. Sam');
    await expectNoA11yViolations(sam, 'the inbox: answering a message');
    await samCard.getByTestId('reply-send').click();
    await expect(samCard.getByTestId('reply-sent')).toHaveText('Your answer was sent to olga@example.com.');
    const mail = await smtp.next();
    expect(mail.to).toEqual(['olga@example.com']);
    expect(mail.raw).toMatch(/^Reply-To: sam@demo\.parley$/im);
    expect(mail.subject).toBe('Re: your message to Demo: “Could you call me back about parcel 7713?”');
    expect(mail.text).toContain('Hello Olga, I will call you at 5:30 pm today. Sam\n\nSam Sales\nDemo\n');
    expect(mail.text).toContain('> Could you call me back about parcel 7713?\n> I am home after 5 pm.');
    // Dana sees who answered, live.
    await expect(danaCard.getByTestId('left-answered')).toContainText('Answered by e-mail by Sam Sales');
    await expectNoA11yViolations(dana, 'the inbox: a message assigned and answered');
    await docsScreenshot(dana, 'console-inbox-live');

    // [IB4] Sam marks it handled: the count goes from both consoles; the handled list says who.
    await samCard.getByTestId('mark-handled').click();
    for (const page of [dana, sam]) {
      await expect(page.getByTestId('inbox-badge')).toHaveCount(0);
      await expect(page.getByTestId('inbox-open-count')).toHaveText('No open messages');
    }
    await expect(danaCard).toHaveCount(0); // handled messages are hidden by default
    await dana.getByTestId('inbox-show-handled').check();
    await expect(danaCard.getByTestId('handled')).toContainText('Handled by Sam Sales');

    await dana.context().close();
    await sam.context().close();
  } finally {
    await smtp.close();
  }
});
