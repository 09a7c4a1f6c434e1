import { commonEn } from './common/en.ts';
import { deskEn } from './desk/en.ts';
import { mediaEn } from './media/en.ts';
import { adminEn } from './admin/en.ts';
import { sitesEn } from './sites/en.ts';
import { accountEn } from './account/en.ts';
import { cobrowseEn } from './cobrowse/en.ts';
import { qualityEn } from './quality/en.ts';
import { inboxEn } from './inbox/en.ts';
import { choicesEn } from './choices/en.ts';
import { sessionsEn } from './sessions/en.ts';
import { visitorsEn } from './visitors/en.ts';
import { themeEn } from './theme/en.ts';
import { overviewEn } from './overview/en.ts';
import { privacyEn } from './privacy/en.ts';
import { reportsEn } from './reports/en.ts';
import { phoneEn } from './phone/en.ts';

/**
 * English source strings (ICU MessageFormat), one file per area and language
 * (`locales/<area>/<language>.ts`). Every other locale must provide every key:
 * the `Messages` type makes a missing translation a type error.
 */
export const en = {
  ...commonEn,
  ...deskEn,
  ...mediaEn,
  ...adminEn,
  ...sitesEn,
  ...cobrowseEn,
  ...qualityEn,
  ...inboxEn,
  ...sessionsEn,
  ...accountEn,
  ...choicesEn,
  ...visitorsEn,
  ...themeEn,
  ...overviewEn,
  ...privacyEn,
  ...reportsEn,
  ...phoneEn,
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
