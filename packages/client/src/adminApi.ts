import type {
  ConsultantView,
  CreateLinkInput,
  DepartmentView,
  InviteConsultantInput,
  InvitedConsultant,
  LeaveMessageBody,
  LeftMessageView,
  InboxAssigneeView,
  ReplyLeftMessageBody,
  LinkView,
  OfflineImageType,
  AutoInvitationRulesBody,
  SiteVisitorSettingsBody,
  PrivacySettingsBody,
  ContactErasure,
  TenantSettings,
  CobrowseSettings,
  PasswordReset,
  UpdateConsultantInput,
  UpdateLinkInput,
} from '@parley/protocol';
import { api } from './http.ts';

/**
 * The admin area, the offline notice and the inbox over REST, typed by @parley/protocol.
 * Uses the browser's session cookie; tests pass a `fetchImpl` that sends one.
 */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  private call<T>(path: string, init: RequestInit = {}): Promise<T> {
    return api<T>(this.baseUrl, path, init, this.fetchImpl);
  }

  private send<T>(method: string, path: string, body: unknown): Promise<T> {
    return this.call<T>(path, { method, body: JSON.stringify(body) });
  }

  departments(): Promise<DepartmentView[]> {
    return this.call('/api/v1/admin/departments');
  }
  createDepartment(name: string): Promise<DepartmentView> {
    return this.send('POST', '/api/v1/admin/departments', { name });
  }
  renameDepartment(id: string, name: string): Promise<DepartmentView> {
    return this.send('PATCH', `/api/v1/admin/departments/${encodeURIComponent(id)}`, { name });
  }

  consultants(): Promise<ConsultantView[]> {
    return this.call('/api/v1/admin/consultants');
  }
  /** Creates the account; the one-time password in the answer is never shown again. */
  inviteConsultant(body: InviteConsultantInput): Promise<InvitedConsultant> {
    return this.send('POST', '/api/v1/admin/consultants', body);
  }
  /** [U5] A one-time password for the consultant, shown once; their sessions end at once. */
  resetPassword(id: string): Promise<PasswordReset> {
    return this.send('POST', `/api/v1/admin/consultants/${encodeURIComponent(id)}/reset-password`, {});
  }
  updateConsultant(id: string, patch: UpdateConsultantInput): Promise<ConsultantView> {
    return this.send('PATCH', `/api/v1/admin/consultants/${encodeURIComponent(id)}`, patch);
  }

  links(): Promise<LinkView[]> {
    return this.call('/api/v1/admin/links');
  }
  createLink(body: CreateLinkInput): Promise<LinkView> {
    return this.send('POST', '/api/v1/admin/links', body);
  }
  updateLink(id: string, patch: UpdateLinkInput): Promise<LinkView> {
    return this.send('PATCH', `/api/v1/admin/links/${encodeURIComponent(id)}`, patch);
  }

  /** [EM1] The sites allowed to embed the tenant's links (empty: any website). */
  tenantSettings(): Promise<TenantSettings> {
    return this.call('/api/v1/tenant/settings');
  }
  setTenantSettings(settings: TenantSettings): Promise<TenantSettings> {
    return this.send('PUT', '/api/v1/tenant/settings', settings);
  }

  /** [CB8] Whether consultants may click and type for the visitor (after the visitor grants it). */
  cobrowseSettings(): Promise<CobrowseSettings> {
    return this.call('/api/v1/tenant/cobrowse');
  }
  setCobrowseSettings(settings: CobrowseSettings): Promise<CobrowseSettings> {
    return this.send('PUT', '/api/v1/tenant/cobrowse', settings);
  }

  /** [SV1][SV4] Whether the loader reports site visitors, and whether Do Not Track is honoured. */
  siteVisitorSettings(): Promise<SiteVisitorSettingsBody> {
    return this.call('/api/v1/tenant/site-visitors');
  }
  setSiteVisitorSettings(settings: SiteVisitorSettingsBody): Promise<SiteVisitorSettingsBody> {
    return this.send('PUT', '/api/v1/tenant/site-visitors', settings);
  }
  /** [AI5] The tenant's automatic invitation rules, replaced as a whole. */
  autoInvitations(): Promise<AutoInvitationRulesBody> {
    return this.call('/api/v1/admin/auto-invitations');
  }
  setAutoInvitations(body: AutoInvitationRulesBody): Promise<AutoInvitationRulesBody> {
    return this.send('PUT', '/api/v1/admin/auto-invitations', body);
  }

  /** [GD1] The tenant's retention periods and privacy notice. */
  privacySettings(): Promise<PrivacySettingsBody> {
    return this.call('/api/v1/tenant/privacy');
  }
  setPrivacySettings(settings: PrivacySettingsBody): Promise<PrivacySettingsBody> {
    return this.send('PUT', '/api/v1/tenant/privacy', settings);
  }
  /** [GD2] Applies the periods now; says how many rows each table lost. */
  applyRetention(): Promise<{ removed: Record<string, number> }> {
    return this.send('POST', '/api/v1/admin/privacy/purge', {});
  }
  /** [GD3] Where an admin downloads everything stored about a contact (a same-origin GET). */
  contactExportUrl(contactId: string): string {
    return `${this.baseUrl}/api/v1/admin/contacts/${encodeURIComponent(contactId)}/export`;
  }
  /** [GD4] Erases a contact and everything linked to it. */
  eraseContact(contactId: string): Promise<ContactErasure> {
    return this.call(`/api/v1/admin/contacts/${encodeURIComponent(contactId)}`, { method: 'DELETE' });
  }

  /** Links the caller is assigned to, whose offline notice they may define (F-10). */
  myLinks(): Promise<LinkView[]> {
    return this.call('/api/v1/my/links');
  }
  setOfflineText(linkId: string, offlineText: string): Promise<LinkView> {
    return this.send('PATCH', `/api/v1/my/links/${encodeURIComponent(linkId)}/offline`, { offlineText });
  }
  /** Uploads the offline picture as a raw body (PNG, JPEG or WebP, at most 512 KiB). */
  setOfflineImage(linkId: string, image: Blob | ArrayBuffer | Uint8Array, type: OfflineImageType): Promise<LinkView> {
    return this.call(`/api/v1/my/links/${encodeURIComponent(linkId)}/offline-image`, {
      method: 'PUT',
      body: image as BodyInit,
      headers: { 'content-type': type },
    });
  }
  removeOfflineImage(linkId: string): Promise<LinkView> {
    return this.call(`/api/v1/my/links/${encodeURIComponent(linkId)}/offline-image`, { method: 'DELETE' });
  }

  inbox(): Promise<LeftMessageView[]> {
    return this.call('/api/v1/inbox');
  }
  markHandled(id: string): Promise<LeftMessageView> {
    return this.send('POST', `/api/v1/inbox/${encodeURIComponent(id)}/handled`, {});
  }
  /** [IB3] To a colleague who sees the message, or to nobody (`null`). */
  assignMessage(id: string, consultantId: string | null): Promise<LeftMessageView> {
    return this.send('POST', `/api/v1/inbox/${encodeURIComponent(id)}/assign`, { consultantId });
  }
  /** [IB2] Answers the visitor by e-mail; `locale` is the language of the mail's own words. */
  replyToMessage(id: string, body: ReplyLeftMessageBody): Promise<LeftMessageView> {
    return this.send('POST', `/api/v1/inbox/${encodeURIComponent(id)}/reply`, body);
  }
  inboxAssignees(): Promise<InboxAssigneeView[]> {
    return this.call('/api/v1/inbox/assignees');
  }
}

/** Public: what a visitor's page posts when nobody can take the request (F-04). */
export function leaveMessage(
  baseUrl: string,
  linkKey: string,
  body: LeaveMessageBody,
  fetchImpl?: typeof fetch,
): Promise<{ ok: true }> {
  return api(
    baseUrl,
    `/api/v1/links/${encodeURIComponent(linkKey)}/messages`,
    { method: 'POST', body: JSON.stringify(body), credentials: 'omit' },
    fetchImpl,
  );
}
