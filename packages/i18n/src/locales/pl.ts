import { commonPl } from './common/pl.ts';
import { deskPl } from './desk/pl.ts';
import { mediaPl } from './media/pl.ts';
import { adminPl } from './admin/pl.ts';
import { sitesPl } from './sites/pl.ts';
import { accountPl } from './account/pl.ts';
import type { Messages } from './en.ts';
import { cobrowsePl } from './cobrowse/pl.ts';
import { qualityPl } from './quality/pl.ts';
import { inboxPl } from './inbox/pl.ts';
import { choicesPl } from './choices/pl.ts';
import { sessionsPl } from './sessions/pl.ts';
import { visitorsPl } from './visitors/pl.ts';
import { themePl } from './theme/pl.ts';
import { overviewPl } from './overview/pl.ts';
import { privacyPl } from './privacy/pl.ts';
import { reportsPl } from './reports/pl.ts';
import { phonePl } from './phone/pl.ts';

export const pl: Messages = {
  ...commonPl,
  ...deskPl,
  ...mediaPl,
  ...adminPl,
  ...sitesPl,
  ...cobrowsePl,
  ...qualityPl,
  ...inboxPl,
  ...sessionsPl,
  ...accountPl,
  ...choicesPl,
  ...visitorsPl,
  ...themePl,
  ...overviewPl,
  ...privacyPl,
  ...reportsPl,
  ...phonePl,
};
