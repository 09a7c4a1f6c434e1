import type {
  CannedResponseView,
  ContactBody,
  ContactDetail,
  ContactView,
  ConversationDeskView,
  CustomFieldView,
  DeskSettings,
  DispositionView,
  NoteView,
  TeamMemberView,
  TeamMessageView,
  WrapUpView,
} from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { Emitter } from './emitter.ts';
import { api } from './http.ts';
import { newClientId } from './util.ts';

type Fetch = typeof fetch;

/** REST calls of the consultant's desk (F-21–F-24, F-30); the browser's session cookie authenticates. */
export class DeskApi {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl?: Fetch,
  ) {}

  private call<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
    const init: RequestInit = { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    return api<T>(this.baseUrl, `/api/v1${path}`, init, this.fetchImpl);
  }

  conversation(id: string): Promise<ConversationDeskView> {
    return this.call(`/conversations/${encodeURIComponent(id)}/desk`);
  }
  addNote(conversationId: string, text: string): Promise<NoteView> {
    return this.call(`/conversations/${encodeURIComponent(conversationId)}/notes`, 'POST', { text });
  }
  setCustomValues(conversationId: string, values: Record<string, string>): Promise<{ ok: true }> {
    return this.call(`/conversations/${encodeURIComponent(conversationId)}/custom-data`, 'PUT', { values });
  }
  done(conversationId: string, dispositionCode: string | null, notes: string): Promise<WrapUpView> {
    return this.call(`/conversations/${encodeURIComponent(conversationId)}/done`, 'POST', { dispositionCode, notes });
  }
  sendTranscript(conversationId: string, email: string, locale?: string): Promise<{ ok: true }> {
    return this.call(`/conversations/${encodeURIComponent(conversationId)}/transcript`, 'POST', { email, locale });
  }
  contacts(q = ''): Promise<ContactView[]> {
    return this.call(`/contacts?q=${encodeURIComponent(q)}`);
  }
  contact(id: string): Promise<ContactDetail> {
    return this.call(`/contacts/${encodeURIComponent(id)}`);
  }
  /** [CT3] A contact typed in by hand. */
  createContact(body: ContactBody): Promise<ContactView> {
    return this.call('/contacts', 'POST', body);
  }
  updateContact(id: string, body: ContactBody): Promise<ContactView> {
    return this.call(`/contacts/${encodeURIComponent(id)}`, 'PUT', body);
  }
  /** [CT4] `mergedId` goes into `survivorId`, which stays. */
  mergeContacts(survivorId: string, mergedId: string): Promise<ContactView> {
    return this.call('/contacts/merge', 'POST', { survivorId, mergedId });
  }
  /** [CR2][CR3] The responses this consultant may use: their own, their department's, the tenant's. */
  cannedResponses(): Promise<CannedResponseView[]> {
    return this.call('/canned-responses');
  }
  /** [CR4] Counts one insertion into the chat input. */
  useCanned(id: string): Promise<{ useCount: number }> {
    return this.call(`/canned-responses/${encodeURIComponent(id)}/use`, 'POST', {});
  }
  /** [CR1] The shared responses (admin), with their use counts. */
  sharedCanned(): Promise<CannedResponseView[]> {
    return this.call('/admin/canned-responses');
  }
  createCanned(body: { title: string; text: string; departmentId: string | null }): Promise<CannedResponseView> {
    return this.call('/admin/canned-responses', 'POST', body);
  }
  updateCanned(
    id: string,
    body: { title: string; text: string; departmentId: string | null },
  ): Promise<CannedResponseView> {
    return this.call(`/admin/canned-responses/${encodeURIComponent(id)}`, 'PUT', body);
  }
  deleteCanned(id: string): Promise<{ ok: true }> {
    return this.call(`/admin/canned-responses/${encodeURIComponent(id)}`, 'DELETE');
  }
  /** [CR2] A consultant's own responses. */
  createMyCanned(body: { title: string; text: string }): Promise<CannedResponseView> {
    return this.call('/my/canned-responses', 'POST', body);
  }
  updateMyCanned(id: string, body: { title: string; text: string }): Promise<CannedResponseView> {
    return this.call(`/my/canned-responses/${encodeURIComponent(id)}`, 'PUT', body);
  }
  deleteMyCanned(id: string): Promise<{ ok: true }> {
    return this.call(`/my/canned-responses/${encodeURIComponent(id)}`, 'DELETE');
  }
  dispositions(): Promise<DispositionView[]> {
    return this.call('/admin/dispositions');
  }
  createDisposition(code: string, label: string): Promise<DispositionView> {
    return this.call('/admin/dispositions', 'POST', { code, label });
  }
  updateDisposition(id: string, patch: { label?: string; active?: boolean }): Promise<DispositionView> {
    return this.call(`/admin/dispositions/${encodeURIComponent(id)}`, 'PATCH', patch);
  }
  customFields(): Promise<CustomFieldView[]> {
    return this.call('/admin/custom-fields');
  }
  createCustomField(label: string): Promise<CustomFieldView> {
    return this.call('/admin/custom-fields', 'POST', { label });
  }
  deleteCustomField(id: string): Promise<{ ok: true }> {
    return this.call(`/admin/custom-fields/${encodeURIComponent(id)}`, 'DELETE');
  }
  settings(): Promise<DeskSettings> {
    return this.call('/admin/desk-settings');
  }
  saveSettings(settings: DeskSettings): Promise<DeskSettings> {
    return this.call('/admin/desk-settings', 'PUT', settings);
  }
  identitySecret(): Promise<{ secret: string }> {
    return this.call('/admin/identity-secret');
  }
  rotateIdentitySecret(): Promise<{ secret: string }> {
    return this.call('/admin/identity-secret', 'POST', {});
  }
}

export interface TeamState {
  members: TeamMemberView[];
  messages: TeamMessageView[];
}

/** [O1]–[O3] Operator-to-operator chat over the consultant's connection (F-27). */
export class TeamChat extends Emitter<{ change: TeamState; message: TeamMessageView }> {
  private stateValue: TeamState = { members: [], messages: [] };

  constructor(private readonly connection: ParleyConnection) {
    super();
    connection.on('team.roster', (m) => this.update({ members: m.members }));
    connection.on('team.member', (m) => this.update({ members: withMember(this.state.members, m.id, m.member) }));
    connection.on('team.history', (m) => this.update({ messages: m.messages }));
    connection.on('team.message', (m) => {
      if (this.state.messages.some((x) => x.id === m.message.id)) return;
      this.update({ messages: [...this.state.messages, m.message] });
      this.emit('message', m.message);
    });
  }

  get state(): TeamState {
    return this.stateValue;
  }

  /** To one colleague, or to the whole team with `to = null`. */
  send(text: string, to: string | null): string {
    const clientId = newClientId();
    this.connection.send({ type: 'team.send', clientId, to, text });
    return clientId;
  }

  private update(patch: Partial<TeamState>): void {
    this.stateValue = { ...this.stateValue, ...patch };
    this.emit('change', this.stateValue);
  }
}

/** [O2] The roster with one colleague changed, added (in name order) or, for `null`, removed. */
export function withMember(members: TeamMemberView[], id: string, member: TeamMemberView | null): TeamMemberView[] {
  const others = members.filter((m) => m.id !== id);
  if (!member) return others;
  return [...others, member].sort((a, b) => a.name.localeCompare(b.name));
}
