/** A tenant's site-visitor settings (issue 15); both on unless an admin turns them off. */
export interface SiteVisitorSettings {
  /** [SV1] The loader reports page views of the tenant's sites. */
  enabled: boolean;
  /** [SV4] Visitors whose browser asks not to be tracked leave nothing behind. */
  honourDoNotTrack: boolean;
}

export const defaultSiteVisitorSettings: SiteVisitorSettings = { enabled: true, honourDoNotTrack: true };

/** What the visitor's browser said about tracking: the request's headers and the page's own flags. */
export interface PrivacySignals {
  /** `DNT: 1` on the socket's upgrade request. */
  doNotTrackHeader: boolean;
  /** `Sec-GPC: 1` on the socket's upgrade request. */
  globalPrivacyControlHeader: boolean;
  /** `navigator.doNotTrack === '1'` or `navigator.globalPrivacyControl` on the page. */
  pageSaysDoNotTrack: boolean;
}

export type TrackingDecision = 'track' | 'off' | 'do_not_track';

/**
 * [SV1][SV4] Whether a page view is kept: not when the tenant turned site visitors off, and not
 * when the browser sends Do Not Track or Global Privacy Control (header or page flag) while the
 * tenant honours them.
 */
export function trackingDecision(settings: SiteVisitorSettings, signals: PrivacySignals): TrackingDecision {
  if (!settings.enabled) return 'off';
  const asked = signals.doNotTrackHeader || signals.globalPrivacyControlHeader || signals.pageSaysDoNotTrack;
  return asked && settings.honourDoNotTrack ? 'do_not_track' : 'track';
}

/** A header that says "1" (DNT, Sec-GPC); anything else, or absent, says nothing. */
export function headerSaysOne(value: string | string[] | undefined): boolean {
  return (Array.isArray(value) ? value[0] : value)?.trim() === '1';
}
