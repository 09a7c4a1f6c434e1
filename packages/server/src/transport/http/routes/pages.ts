import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { DEMO_LINK_KEY, demoLinks } from '../../../domain/tenants/demo.ts';
import type { Services } from '../../services.ts';
import { registerDemoShop } from './demoShop.ts';

/**
 * [EA1] The async stub: lets the page call `Parley('open')` etc. before loader.js has arrived;
 * the loader runs the queued calls in order (docs/embed.md).
 */
export const EMBED_STUB =
  '<script>window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)}</script>';

/** The visitor embed code (F-01) a customer pastes into their site: the two-line async snippet. */
export function visitorEmbedCode(publicUrl: string, linkKey: string): string {
  return `${EMBED_STUB}\n<script src="${publicUrl}/widget/loader.js" data-parley-link="${linkKey}" async></script>`;
}

/** The consultant embed link (F-01): where the customer's consultants log in. */
export function consultantLoginUrl(publicUrl: string): string {
  return `${publicUrl}/console/`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A plain customer web page with nothing but the embed codes on it, as a company would have.
 * It is demo content of the operator, in English by design; the widget itself is localized.
 */
function demoPage(publicUrl: string, linkKey: string): string {
  const embed = visitorEmbedCode(publicUrl, linkKey);
  const others = demoLinks
    .map((l) =>
      l.key === linkKey
        ? `<strong>${escapeHtml(l.name)} (${l.mode})</strong>`
        : `<a href="/demo?link=${encodeURIComponent(l.key)}">${escapeHtml(l.name)} (${l.mode})</a>`,
    )
    .join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Company — customer page</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
code,pre{background:#f1f5f9;border-radius:6px}pre{padding:1rem;overflow:auto;white-space:pre-wrap}</style>
</head><body>
<h1>Demo Company</h1>
<p>This stands in for a customer's website. The button in the corner comes from two lines of HTML:</p>
<pre tabindex="0"><code>${escapeHtml(embed)}</code></pre>
<p>Demo links: ${others}</p>
<p>Consultants log in at <a href="${consultantLoginUrl(publicUrl)}">${escapeHtml(consultantLoginUrl(publicUrl))}</a>.</p>
${embed}
</body></html>`;
}

export function registerPages(app: FastifyInstance, services: Services): void {
  const { config } = services;
  app.get('/', (_request, reply) => reply.redirect('/demo'));
  app.get('/demo', (request, reply) => {
    // Only the demo's own links: the page never echoes an arbitrary key.
    const asked = (request.query as { link?: unknown }).link;
    const key = demoLinks.find((l) => l.key === asked)?.key ?? DEMO_LINK_KEY;
    return reply.type('text/html; charset=utf-8').send(demoPage(config.publicUrl, key));
  });
  registerDemoShop(app, visitorEmbedCode(config.publicUrl, DEMO_LINK_KEY));
  app.get('/healthz', () => ({ ok: true }));
  // [E19] Only a server run for the end-to-end tests answers; the apps then expose window.__parley.
  if (config.testHooks) app.get('/api/v1/test-hooks', () => ({ enabled: true }));

  if (existsSync(config.widgetDist)) {
    void app.register(fastifyStatic, { root: config.widgetDist, prefix: '/widget/', decorateReply: false });
  } else {
    app.log.warn({ dir: config.widgetDist }, 'widget is not built: run npm run build');
  }
  if (existsSync(config.consoleDist)) {
    void app.register(fastifyStatic, { root: config.consoleDist, prefix: '/console/', decorateReply: false });
  } else {
    app.log.warn({ dir: config.consoleDist }, 'console is not built: run npm run build');
  }
}
