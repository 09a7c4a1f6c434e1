import { expect, test, type Page } from '@playwright/test';
import { goAvailable, goUnavailable, loginConsultant, newPerson, openVisitorApp, SAM } from './helpers.ts';

/** Adds a canned response in a Settings list (`prefix`: '' for the admin's shared one, 'my-' for one's own). */
async function addCanned(page: Page, prefix: '' | 'my-', title: string, text: string, department?: string) {
  await page.getByTestId(`${prefix}canned-title`).fill(title);
  await page.getByTestId(`${prefix}canned-text`).fill(text);
  if (department) await page.getByTestId('canned-department-select').selectOption({ label: department });
  await page.getByTestId(`${prefix}canned-add`).click();
  await expect(page.getByTestId(`${prefix}canned-row`).filter({ hasText: title })).toBeVisible();
}

test('[CR1][CR2][CR3][CR4][CR5] canned responses: admin shares, a consultant keeps their own, the desk labels and counts them', async ({
  browser,
}) => {
  const danaContext = await newPerson(browser);
  const samContext = await newPerson(browser);
  const visitorContext = await newPerson(browser);
  const dana = await danaContext.newPage();
  const sam = await samContext.newPage();
  try {
    // [CR1] The admin keeps the shared ones: one for everyone, one for Sales (Sam's department).
    await loginConsultant(dana);
    await goUnavailable(dana);
    await dana.getByTestId('nav-settings').click();
    await addCanned(dana, '', 'Opening hours', 'We are open 9–17, %visitor%.');
    await addCanned(dana, '', 'Sales offer', 'Ask %consultant% about this month’s offer.', 'Sales');
    await expect(dana.getByTestId('canned-row').filter({ hasText: 'Sales offer' })).toContainText('Sales');

    // [CR2] Sam, a consultant (no admin), keeps his own in Settings: add, edit, remove.
    await loginConsultant(sam, SAM);
    await sam.getByTestId('nav-settings').click();
    await expect(sam.getByTestId('my-canned-card')).toContainText('My canned responses');
    await addCanned(sam, 'my-', 'Sign-off', 'Thanks, bye');
    await addCanned(sam, 'my-', 'Scratch', 'to be removed');
    const signOff = sam.getByTestId('my-canned-row').filter({ hasText: 'Sign-off' });
    await signOff.getByTestId('my-canned-edit').click();
    await expect(sam.getByTestId('my-canned-title')).toHaveValue('Sign-off');
    await sam.getByTestId('my-canned-text').fill('Thanks for calling, %visitor%. %consultant%');
    await sam.getByTestId('my-canned-add').click();
    await expect(signOff).toContainText('Thanks for calling, %visitor%. %consultant%');
    await sam.getByTestId('my-canned-row').filter({ hasText: 'Scratch' }).getByTestId('my-canned-remove').click();
    await expect(sam.getByTestId('my-canned-row')).toHaveCount(1);
    // Nobody else sees it: not in the admin's shared list.
    await dana.reload();
    await dana.getByTestId('nav-settings').click();
    await expect(dana.getByTestId('canned-row').filter({ hasText: 'Opening hours' })).toBeVisible();
    await expect(dana.getByTestId('canned-row').filter({ hasText: 'Sign-off' })).toHaveCount(0);

    // A call on the Sales pool: Sam alone is available, so it rings him.
    await sam.getByTestId('nav-desk').click();
    await goAvailable(sam);
    const app = await openVisitorApp(await visitorContext.newPage(), 'demo-pool');
    await app.getByLabel('Your name (optional)').fill('Ann');
    await app.getByTestId('connect').click();
    await sam.getByTestId('accept').click();
    await expect(app.getByTestId('chat-input')).toBeVisible();

    // [CR3] The picker: his own, then his department's, then everyone's, each group labelled.
    const picker = sam.getByTestId('canned-picker');
    await expect(picker.locator('optgroup')).toHaveCount(3);
    expect(await picker.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual([
      'Mine',
      'My department',
      'Everyone',
    ]);
    await expect(picker.locator('optgroup[label="Mine"] option')).toHaveText(['Sign-off']);
    await expect(picker.locator('optgroup[label="My department"] option')).toHaveText(['Sales offer']);
    await expect(picker.locator('optgroup[label="Everyone"] option')).toContainText(['Opening hours']);

    // [CR5] Filled and editable; [CR4] each insertion counted.
    await picker.selectOption({ label: 'Sign-off' });
    await expect(sam.getByTestId('chat-input')).toHaveValue('Thanks for calling, Ann. Sam Sales');
    await picker.selectOption({ label: 'Opening hours' });
    await expect(sam.getByTestId('chat-input')).toHaveValue('We are open 9–17, Ann.');
    await sam.getByTestId('chat-send').click();
    await expect(app.getByTestId('chat-message').last()).toContainText('We are open 9–17, Ann.');
    await picker.selectOption({ label: 'Opening hours' });

    // The admin sees the shared counts; Sam sees his own.
    await dana.reload();
    await dana.getByTestId('nav-settings').click();
    await expect(dana.getByTestId('canned-row').filter({ hasText: 'Opening hours' })).toContainText('Used 2 times');
    await expect(dana.getByTestId('canned-row').filter({ hasText: 'Sales offer' })).toContainText('Not used yet');
    await sam.getByTestId('nav-settings').click();
    await expect(sam.getByTestId('my-canned-row').filter({ hasText: 'Sign-off' })).toContainText('Used once');

    await sam.getByTestId('nav-desk').click();
    await sam.getByTestId('end').click();
    await expect(sam.getByTestId('closed-message')).toBeVisible();
    await goUnavailable(sam);

    // Leave the shared list as it was for the specs that follow.
    for (const title of ['Opening hours', 'Sales offer']) {
      await dana.getByTestId('canned-row').filter({ hasText: title }).getByTestId('canned-remove').click();
      await expect(dana.getByTestId('canned-row').filter({ hasText: title })).toHaveCount(0);
    }
    await sam.getByTestId('nav-settings').click();
    await sam.getByTestId('my-canned-row').getByTestId('my-canned-remove').click();
    await expect(sam.getByTestId('my-canned-row')).toHaveCount(0);
  } finally {
    await goUnavailable(dana);
    for (const context of [visitorContext, samContext, danaContext]) await context.close();
  }
});
