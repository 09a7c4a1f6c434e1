import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLinkTheme, type LinkStatus, type LinkTheme, type LinkView } from '@parley/protocol';
import type { TestServer } from './server.ts';
import { addTenant, as, httpCode, startAdminServer, type TestTenant } from './tenants.ts';

let server: TestServer;
let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  server = await startAdminServer();
  a = await addTenant(server, 'alpha');
  b = await addTenant(server, 'beta');
});
afterAll(async () => {
  await server.close();
});

const theme: LinkTheme = {
  background: '#fde047',
  text: '#1f2937',
  position: 'bottom-left',
  offsetX: 32,
  offsetY: 48,
  panelWidth: 420,
  panelHeight: 520,
  labels: { en: 'Ask an expert', pl: 'Zapytaj eksperta', nl: '', pt: '' },
};

async function status(key: string, lang: string): Promise<LinkStatus> {
  return (await server.app.inject({ url: `/api/v1/links/${key}/status?lang=${lang}` })).json<LinkStatus>();
}

describe('link theme (issue 21 item 4)', () => {
  it('[EA9] the status carries the default look and label until an admin sets a theme', async () => {
    const read = await status(a.link.key, 'pl');
    const { labels: _labels, ...look } = defaultLinkTheme;
    expect(read.look).toEqual(look);
    expect(read.labels.open).toBe('Porozmawiaj z nami');
    const [view] = (await as(server, a.admin)('GET', '/api/v1/admin/links')).json<LinkView[]>();
    expect(view?.theme).toBeNull();
  });

  it('[EA9] an admin sets a theme: the status gives its look and the label in the asked language, else the default label', async () => {
    const saved = await as(server, a.admin)('PATCH', `/api/v1/admin/links/${a.link.id}`, { theme });
    expect(saved.statusCode).toBe(200);
    expect(saved.json<LinkView>().theme).toEqual(theme);
    const { labels: _labels, ...look } = theme;
    expect((await status(a.link.key, 'en')).look).toEqual(look);
    expect((await status(a.link.key, 'en')).labels.open).toBe('Ask an expert');
    expect((await status(a.link.key, 'pl')).labels.open).toBe('Zapytaj eksperta');
    // An empty label is the translated default.
    expect((await status(a.link.key, 'nl')).labels.open).toBe('Praat met ons');
    // The other tenant's link keeps its own (default) look.
    expect((await status(b.link.key, 'en')).look.background).toBe(defaultLinkTheme.background);
    // null restores the default.
    const reset = await as(server, a.admin)('PATCH', `/api/v1/admin/links/${a.link.id}`, { theme: null });
    expect(reset.json<LinkView>().theme).toBeNull();
    expect((await status(a.link.key, 'en')).labels.open).toBe('Talk to us');
  });

  it('[EA10] refuses a label colour below 4.5:1 with low_contrast, on create and on edit, and keeps the old theme', async () => {
    const call = as(server, a.admin);
    await call('PATCH', `/api/v1/admin/links/${a.link.id}`, { theme });
    const pale = { ...theme, background: '#ffd700', text: '#ffffff' };
    expect(httpCode(await call('PATCH', `/api/v1/admin/links/${a.link.id}`, { theme: pale }))).toEqual([
      400,
      'low_contrast',
    ]);
    expect(httpCode(await call('POST', '/api/v1/admin/links', { name: 'Pale', theme: pale }))).toEqual([
      400,
      'low_contrast',
    ]);
    // 4.48:1 is not enough; 4.54:1 is.
    const grey = { ...theme, text: '#ffffff' };
    expect(
      httpCode(await call('POST', '/api/v1/admin/links', { name: 'G', theme: { ...grey, background: '#777777' } })),
    ).toEqual([400, 'low_contrast']);
    expect(
      (await call('POST', '/api/v1/admin/links', { name: 'G', theme: { ...grey, background: '#767676' } })).statusCode,
    ).toBe(201);
    expect((await server.services.directory.links.getLink(a.tenantId, a.link.id))?.theme).toEqual(theme);
    await call('PATCH', `/api/v1/admin/links/${a.link.id}`, { theme: null });
  });

  it('[EA9] refuses what is not a colour, a corner or a bounded size with invalid_message; only admins may set it', async () => {
    const call = as(server, a.admin);
    const bad: unknown[] = [
      { ...theme, background: 'red' },
      { ...theme, text: '#fff;background:url(//evil)' },
      { ...theme, position: 'top-left' },
      { ...theme, offsetX: 500 },
      { ...theme, panelWidth: 5000 },
      { ...theme, labels: { ...theme.labels, en: 'x'.repeat(41) } },
    ];
    for (const body of bad) {
      expect(httpCode(await call('PATCH', `/api/v1/admin/links/${a.link.id}`, { theme: body }))).toEqual([
        400,
        'invalid_message',
      ]);
    }
    expect(httpCode(await as(server, a.consultant)('PATCH', `/api/v1/admin/links/${a.link.id}`, { theme }))).toEqual([
      403,
      'forbidden',
    ]);
    expect((await status(a.link.key, 'en')).look.background).toBe(defaultLinkTheme.background);
  });
});
