import { ParleyError, type ConversationDeskView, type CustomFieldView } from '@parley/protocol';
import { describe, type ConversationState } from '../conversations/lifecycle.ts';
import type { Runtime } from '../runtime.ts';
import type { Consultant, Visitor } from '../tenants/directory.ts';
import { contactView, type ContactStore } from '../contacts/contacts.ts';
import { toDispositionView, toNoteView, toWrapUpView, type WrapUpStore } from '../wrapup/wrapUp.ts';

/** The stored facts of a conversation its details need (a subset of the conversation store). */
export interface StoredConversation {
  id: string;
  tenantId: string;
  visitorId: string;
  visitorName: string;
  state: ConversationState;
}

export interface ConversationReader {
  getConversation(tenantId: string, id: string): Promise<StoredConversation | undefined>;
}

export interface CustomField extends CustomFieldView {
  tenantId: string;
}

/** Storage port of tenant-defined custom fields and their values (canned responses: ./cannedResponses.ts). */
export interface CustomDataStore {
  listCustomFields(tenantId: string): Promise<CustomField[]>;
  createCustomField(field: CustomField): Promise<void>;
  deleteCustomField(tenantId: string, id: string): Promise<boolean>;
  customValues(tenantId: string, conversationId: string): Promise<Record<string, string>>;
  setCustomValues(tenantId: string, conversationId: string, values: Record<string, string>): Promise<void>;
}

/**
 * What a consultant sees and edits beside a conversation (F-21, F-22): contact, attached data,
 * custom data, notepad and wrap-up. [N1] Only the consultant the conversation was with (or an
 * admin of the tenant) reaches it; to anyone else it does not exist.
 */
export class ConversationDetails {
  constructor(
    private readonly conversations: ConversationReader,
    private readonly contacts: ContactStore,
    private readonly wrapUps: WrapUpStore,
    private readonly data: CustomDataStore,
    private readonly runtime: Runtime,
  ) {}

  async conversationFor(consultant: Consultant, conversationId: string): Promise<StoredConversation> {
    const conversation = await this.conversations.getConversation(consultant.tenantId, conversationId);
    const handledBy = conversation ? describe(conversation.state).consultantId : null;
    if (!conversation || (handledBy !== consultant.id && consultant.role !== 'admin')) {
      throw new ParleyError('conversation_not_found');
    }
    return conversation;
  }

  /** A visitor reaches only their own conversations; others' are reported missing. */
  async conversationOfVisitor(visitor: Visitor, conversationId: string): Promise<StoredConversation> {
    const conversation = await this.conversations.getConversation(visitor.tenantId, conversationId);
    if (conversation?.visitorId !== visitor.id) throw new ParleyError('conversation_not_found');
    return conversation;
  }

  async view(consultant: Consultant, conversationId: string): Promise<ConversationDeskView> {
    const { tenantId } = consultant;
    const conversation = await this.conversationFor(consultant, conversationId);
    const context = await this.contacts.visitorContext(tenantId, conversation.visitorId);
    const contact = context?.contactId ? await this.contacts.getContact(tenantId, context.contactId) : undefined;
    const [fields, values, notes, wrapUp, dispositions, settings] = await Promise.all([
      this.data.listCustomFields(tenantId),
      this.data.customValues(tenantId, conversationId),
      this.wrapUps.listNotes(tenantId, conversationId),
      this.wrapUps.getWrapUp(tenantId, conversationId),
      this.wrapUps.listDispositions(tenantId),
      this.wrapUps.deskSettings(tenantId),
    ]);
    return {
      conversationId,
      contact: contact ? contactView(contact) : null,
      attached: context?.attached ?? {},
      fields: fields.map((f) => ({ id: f.id, label: f.label, position: f.position, value: values[f.id] ?? '' })),
      notes: notes.map(toNoteView),
      wrapUp: wrapUp ? toWrapUpView(wrapUp) : null,
      dispositions: dispositions.filter((d) => d.active).map(toDispositionView),
      settings,
    };
  }

  /** [D2] Values of the admin's fields only: a consultant cannot add or remove fields. */
  async setCustomValues(consultant: Consultant, conversationId: string, values: Record<string, string>): Promise<void> {
    await this.conversationFor(consultant, conversationId);
    const known = new Set((await this.data.listCustomFields(consultant.tenantId)).map((f) => f.id));
    const unknown = Object.keys(values).find((id) => !known.has(id));
    if (unknown) throw new ParleyError('invalid_message', `no custom field ${unknown}`);
    await this.data.setCustomValues(consultant.tenantId, conversationId, values);
  }

  async createCustomField(tenantId: string, label: string, position?: number): Promise<CustomFieldView> {
    const existing = await this.data.listCustomFields(tenantId);
    const field: CustomField = {
      id: this.runtime.ids.next('fld'),
      tenantId,
      label,
      position: position ?? existing.length,
    };
    await this.data.createCustomField(field);
    return { id: field.id, label, position: field.position };
  }
}
