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
  await dana.getByTestId('inbox-show-handled').check();
  await expect(left.getByTestId('handled')).toBeVisible();
  await expectNoA11yViolations(dana, 'the console inbox, a message handled');
  await dana.context().close();
  await app.page().context().close();
});

test('[SD12] a bidi override in a left message cannot disguise a file name in the console Inbox', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goUnavailable(dana);
  const app = await openVisitorApp(await (await newPerson(browser)).newPage());
  await app.getByTestId('leave-message').click();
  // U+202E (right-to-left override) makes "txt.exe" display as "exe.txt" where it is left live.
  await app.getByLabel('Your name').fill('Eve\u202Egpj.exe');
  await app.getByTestId('leave-email').fill('eve@example.com');
  await app.getByTestId('leave-text').fill('Your invoice: invoice-7\u202Etxt.exe');
  await app.getByTestId('leave-send').click();
  await expect(app.getByTestId('leave-sent')).toContainText('Your message has been sent');

  await dana.getByTestId('nav-inbox').click();
  const left = dana.getByTestId('left-message').filter({ hasText: 'invoice-7' });
  // The override is shown, not obeyed, and the visitor's text is isolated from the page around it.
  await expect(left.getByTestId('left-text')).toHaveText('Your invoice: invoice-7[U+202E]txt.exe');
  await expect(left.getByTestId('left-name')).toHaveText('Eve[U+202E]gpj.exe');
  await expect(left.getByTestId('left-text').locator('bdi')).toHaveCount(1);
  await expect(left.getByTestId('left-name').locator('bdi')).toHaveCount(1);
  // What the consultant sees, measured on screen: "txt" is drawn left of "exe", in logical order.
  const order = await left.getByTestId('left-text').evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const at = text.indexOf('txt.exe');
      if (at < 0) continue;
      const box = (start: number) => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + 3);
        return range.getBoundingClientRect().left;
      };
      return { txt: box(at), exe: box(at + 4) };
    }
    return null;
  });
  expect(order).not.toBeNull();
  expect(order?.txt ?? 0).toBeLessThan(order?.exe ?? 0);
  await dana.context().close();
  await app.page().context().close();
});
