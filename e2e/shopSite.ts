import { createServer } from 'node:http';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { clearAllowedSites, goAvailable, loginConsultant, newPerson } from './helpers.ts';

/**
 * The customer's website for the embed specs ([EA1]–[EA12]): another origin than Parley, with a
 * strict Content-Security-Policy that admits Parley, and the two-line snippet of docs/embed.md.
 */
export const NONCE = 'shop-nonce';

export interface Shop {
  origin: string;
  /** Body per path; a single-page app's deeper routes get their first segment's page. */
  pages: Map<string, string>;
  close(): Promise<void>;
}

/** The two-line snippet of docs/embed.md, with the page's own extras (attributes, queued calls). */
export function snippet(parley: string, attributes = '', queued = ''): string {
  return (
    `<script nonce="${NONCE}">window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};${queued}</script>\n` +
    `<script src="${parley}/widget/loader.js" data-parley-link="demo-help" ${attributes} async></script>`
  );
}

export function startShop(port: number, parleyOrigin: string): Promise<Shop> {
  const pages = new Map<string, string>();
  // The loader's /ws/site socket needs its ws(s):// origin listed: Chromium does not take http(s) for it.
  const socket = parleyOrigin.replace(/^http/, 'ws');
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    // A single-page app: every route serves the same page.
    const body = pages.get(path) ?? pages.get(`/${path.split('/')[1] ?? ''}`) ?? '<p>Not here</p>';
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src 'nonce-${NONCE}' ${parleyOrigin}; connect-src ${parleyOrigin} ${socket}; frame-src ${parleyOrigin}`,
    });
    response.end(`<!doctype html><html lang="en"><head><title>Acme Shop</title></head><body>${body}</body></html>`);
  });
  const origin = `http://127.0.0.1:${port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ origin, pages, close })));
}

/** A spec's shop on E2E_PORT + `offset`, and Parley's origin, set up before its tests and gone after. */
export function useShop(offset: number): { shop: Shop; parley: string } {
  const site = { shop: undefined as unknown as Shop, parley: '' };
  test.beforeAll(async ({ baseURL }) => {
    site.parley = new URL(baseURL ?? '').origin;
    site.shop = await startShop(Number(process.env.E2E_PORT ?? 8765) + offset, site.parley);
  });
  test.afterAll(async ({ browser }) => {
    // The shop was added to the demo tenant's sites: leave the tenant as the next spec expects it.
    await clearAllowedSites(browser);
    await site.shop.close();
  });
  return site;
}

/** Collects the `Parley: …` warnings the loader writes to the page's console. */
export function parleyWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('Parley:')) warnings.push(message.text());
  });
  return warnings;
}

/** The demo consultant (an admin), logged in with the shop among the sites and available. */
export async function consultantAt(browser: Browser, shopOrigin: string): Promise<Page> {
  const consultant = await newPerson(browser);
  const consolePage = await consultant.newPage();
  await loginConsultant(consolePage);
  // The demo tenant lists its own sites ([EM1]): the admin adds the shop once, in the console.
  await consolePage.getByTestId('nav-admin').click();
  await consolePage.getByTestId('admin-sites').click();
  await expect(consolePage.getByTestId('sites-now')).toBeVisible();
  if ((await consolePage.getByTestId('site-row').filter({ hasText: shopOrigin }).count()) === 0) {
    await consolePage.getByTestId('site-address').fill(shopOrigin);
    await consolePage.getByTestId('site-add').click();
    await expect(consolePage.getByTestId('site-row').filter({ hasText: shopOrigin })).toBeVisible();
  }
  await consolePage.getByTestId('nav-desk').click();
  await goAvailable(consolePage);
  return consolePage;
}
