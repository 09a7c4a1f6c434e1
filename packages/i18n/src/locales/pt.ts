import { commonPt } from './common/pt.ts';
import { deskPt } from './desk/pt.ts';
import { mediaPt } from './media/pt.ts';
import { adminPt } from './admin/pt.ts';
import { sitesPt } from './sites/pt.ts';
import { accountPt } from './account/pt.ts';
import type { Messages } from './en.ts';
import { cobrowsePt } from './cobrowse/pt.ts';
import { qualityPt } from './quality/pt.ts';
import { inboxPt } from './inbox/pt.ts';
import { choicesPt } from './choices/pt.ts';
import { sessionsPt } from './sessions/pt.ts';
import { visitorsPt } from './visitors/pt.ts';
import { themePt } from './theme/pt.ts';
import { overviewPt } from './overview/pt.ts';
import { privacyPt } from './privacy/pt.ts';
import { reportsPt } from './reports/pt.ts';
import { phonePt } from './phone/pt.ts';

export const pt: Messages = {
  ...commonPt,
  ...deskPt,
  ...mediaPt,
  ...adminPt,
  ...sitesPt,
  ...cobrowsePt,
  ...qualityPt,
  ...inboxPt,
  ...sessionsPt,
  ...accountPt,
  ...choicesPt,
  ...visitorsPt,
  ...themePt,
  ...overviewPt,
  ...privacyPt,
  ...reportsPt,
  ...phonePt,
};
