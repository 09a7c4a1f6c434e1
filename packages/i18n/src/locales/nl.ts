import { commonNl } from './common/nl.ts';
import { deskNl } from './desk/nl.ts';
import { mediaNl } from './media/nl.ts';
import { adminNl } from './admin/nl.ts';
import { sitesNl } from './sites/nl.ts';
import { accountNl } from './account/nl.ts';
import type { Messages } from './en.ts';
import { cobrowseNl } from './cobrowse/nl.ts';
import { qualityNl } from './quality/nl.ts';
import { inboxNl } from './inbox/nl.ts';
import { choicesNl } from './choices/nl.ts';
import { sessionsNl } from './sessions/nl.ts';
import { visitorsNl } from './visitors/nl.ts';
import { themeNl } from './theme/nl.ts';
import { overviewNl } from './overview/nl.ts';
import { privacyNl } from './privacy/nl.ts';
import { reportsNl } from './reports/nl.ts';
import { phoneNl } from './phone/nl.ts';

export const nl: Messages = {
  ...commonNl,
  ...deskNl,
  ...mediaNl,
  ...adminNl,
  ...sitesNl,
  ...cobrowseNl,
  ...qualityNl,
  ...inboxNl,
  ...sessionsNl,
  ...accountNl,
  ...choicesNl,
  ...visitorsNl,
  ...themeNl,
  ...overviewNl,
  ...privacyNl,
  ...reportsNl,
  ...phoneNl,
};
