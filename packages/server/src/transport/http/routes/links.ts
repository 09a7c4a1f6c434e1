import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defaultLinkTheme, LinkStatusQuery, ParleyError, type LinkStatus } from '@parley/protocol';
import { createI18n, translator } from '@parley/i18n';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { siteAllowed } from '../../guards/origins.ts';
import { requestOwnOrigins } from '../security.ts';

const translators = new Map<string, ReturnType<typeof translator>>();
function t(lang: 'en' | 'pl' | 'nl' | 'pt'): ReturnType<typeof translator> {
  let found = translators.get(lang);
  if (!found) {
    found = translator(createI18n(lang));
    translators.set(lang, found);
  }
  return found;
}

const Params = z.object({ key: z.string().min(1).max(64) });

/** Public, unauthenticated link status: what the loader needs to draw the button (F-01, F-02). */
export function registerLinkRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/v1/links/:key/status', async (request, reply): Promise<LinkStatus> => {
    const { key } = parse(Params, request.params);
    const { lang } = parse(LinkStatusQuery, request.query);
    // The loader runs on the customer's site: this one route is readable cross-origin, its
    // refusals (link_not_found) too, so the loader can say why instead of hitting a CORS error.
    void reply.header('access-control-allow-origin', '*');
    void reply.header('cache-control', 'no-store');
    void reply.header('vary', 'Origin');
    const link = await services.directory.links.findLinkByKey(key);
    if (!link) throw new ParleyError('link_not_found');
    // [EM1] The browser sets Origin on this cross-origin fetch and page script cannot change it.
    // A forged request only misleads its own sender: frame-ancestors is what enforces the rule.
    const sites = await services.directory.tenants.getAllowedOrigins(link.tenantId);
    const own = requestOwnOrigins(services, request);
    const translate = t(lang ?? 'en');
    // [EA9] The link's own look and label (in the asked language) come with the status, so the
    // loader draws the button once, already themed: no flash of the default style.
    const { labels: customLabels, ...look } = link.theme ?? defaultLinkTheme;
    return {
      linkKey: link.key,
      name: link.name,
      // [PL7] Asked of the tenant's owner, wherever it runs.
      available: await (await services.placement.bind(link.tenantId)).live.linkAvailable(link.id),
      mode: link.mode,
      offline: {
        text: link.offlineText,
        imageUrl: link.offlineImage ? `/api/v1/links/${link.key}/offline-image` : null,
      },
      labels: {
        open: customLabels[lang ?? 'en'] || translate('loader.open'),
        close: translate('loader.close'),
        title: translate('loader.title'),
        available: translate('loader.available'),
        unavailable: translate('loader.unavailable'),
        oldBrowser: {
          title: translate('loader.oldBrowser.title'),
          text: translate('loader.oldBrowser.text'),
          otherBrowser: translate('loader.oldBrowser.otherBrowser'),
          device: translate('loader.oldBrowser.device'),
          textChat: translate('loader.oldBrowser.textChat'),
        },
      },
      embedAllowed: siteAllowed(request.headers.origin, own, sites),
      look,
    };
  });
}
