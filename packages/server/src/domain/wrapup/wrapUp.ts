import {
  ParleyError,
  type DeskSettings,
  type DispositionView,
  type DoneBody,
  type NoteView,
  type WrapUpView,
} from '@parley/protocol';
import type { Runtime } from '../runtime.ts';

export interface Disposition extends DispositionView {
  tenantId: string;
}

export interface Note extends NoteView {
  tenantId: string;
}

export interface WrapUp extends WrapUpView {
  tenantId: string;
  conversationId: string;
}

/** Storage port of the notepad, disposition codes and wrap-ups (F-21). Every call is tenant-scoped. */
export interface WrapUpStore {
  deskSettings(tenantId: string): Promise<DeskSettings>;
  saveDeskSettings(tenantId: string, settings: DeskSettings): Promise<void>;
  listDispositions(tenantId: string): Promise<Disposition[]>;
  createDisposition(disposition: Disposition): Promise<void>;
  updateDisposition(tenantId: string, id: string, patch: { label?: string; active?: boolean }): Promise<boolean>;
  addNote(note: Note): Promise<void>;
  listNotes(tenantId: string, conversationId: string): Promise<Note[]>;
  /** Inserts or replaces the conversation's wrap-up. */
  saveWrapUp(wrapUp: WrapUp): Promise<void>;
  getWrapUp(tenantId: string, conversationId: string): Promise<WrapUp | undefined>;
}

/** Wrap-up of a conversation (F-21): disposition codes, closing notes and the notepad. */
export class WrapUpService {
  constructor(
    private readonly store: WrapUpStore,
    private readonly runtime: Runtime,
  ) {}

  /**
   * [N2][N3] Stores the disposition and closing notes. An unknown or retired code is refused
   * (`disposition_not_found`); with the tenant's "disposition required" on, none is refused too
   * (`disposition_required`). Closing notes also land in the notepad, so they reach the history.
   */
  async recordWrapUp(
    tenantId: string,
    conversationId: string,
    by: { consultantId: string; consultantName: string },
    body: DoneBody,
  ): Promise<WrapUpView> {
    const { disposition } = await this.check(tenantId, body.dispositionCode);
    const { wrapUp, note } = this.prepare(tenantId, conversationId, by, body, disposition);
    if (note) await this.store.addNote(note);
    await this.store.saveWrapUp(wrapUp);
    return toWrapUpView(wrapUp);
  }

  /**
   * The wrap-up of a conversation with a checked disposition, and the notepad entry its closing
   * notes make ([N1]: they reach the history), ready to be stored.
   */
  prepare(
    tenantId: string,
    conversationId: string,
    by: { consultantId: string; consultantName: string },
    body: DoneBody,
    disposition: Disposition | undefined,
  ): { wrapUp: WrapUp; note: Note | null } {
    const now = this.runtime.clock.now();
    const note: Note | null = body.notes
      ? {
          id: this.runtime.ids.next('note'),
          tenantId,
          conversationId,
          authorId: by.consultantId,
          authorName: by.consultantName,
          text: body.notes,
          createdAt: now,
        }
      : null;
    const wrapUp: WrapUp = {
      tenantId,
      conversationId,
      dispositionCode: disposition?.code ?? null,
      dispositionLabel: disposition?.label ?? null,
      notes: body.notes,
      consultantId: by.consultantId,
      doneAt: now,
    };
    return { wrapUp, note };
  }

  /**
   * [N3] Checks a disposition code against the tenant's codes and its "required" switch, before
   * the lifecycle's Mark as done runs; returns the code's record and the tenant's settings.
   */
  async check(
    tenantId: string,
    code: string | null,
  ): Promise<{ disposition: Disposition | undefined; settings: DeskSettings }> {
    const settings = await this.store.deskSettings(tenantId);
    if (code === null) {
      if (settings.dispositionRequired) throw new ParleyError('disposition_required');
      return { disposition: undefined, settings };
    }
    const disposition = (await this.store.listDispositions(tenantId)).find((d) => d.code === code && d.active);
    if (!disposition) throw new ParleyError('disposition_not_found');
    return { disposition, settings };
  }

  /** [N1] A notepad entry of the conversation; it shows in the contact's history. */
  async addNote(
    tenantId: string,
    conversationId: string,
    author: { id: string; name: string },
    text: string,
  ): Promise<NoteView> {
    const note: Note = {
      id: this.runtime.ids.next('note'),
      tenantId,
      conversationId,
      authorId: author.id,
      authorName: author.name,
      text,
      createdAt: this.runtime.clock.now(),
    };
    await this.store.addNote(note);
    return toNoteView(note);
  }

  /** [N4] Codes are unique per tenant (`invalid_message` when taken). */
  async createDisposition(tenantId: string, code: string, label: string): Promise<DispositionView> {
    const existing = await this.store.listDispositions(tenantId);
    if (existing.some((d) => d.code.toLowerCase() === code.toLowerCase())) {
      throw new ParleyError('invalid_message', 'this code exists already');
    }
    const disposition: Disposition = { id: this.runtime.ids.next('disp'), tenantId, code, label, active: true };
    await this.store.createDisposition(disposition);
    return toDispositionView(disposition);
  }
}

export function toNoteView(note: Note): NoteView {
  const { tenantId: _tenant, ...view } = note;
  return view;
}

export function toWrapUpView(wrapUp: WrapUp): WrapUpView {
  const { dispositionCode, dispositionLabel, notes, consultantId, doneAt } = wrapUp;
  return { dispositionCode, dispositionLabel, notes, consultantId, doneAt };
}

export function toDispositionView(d: Disposition): DispositionView {
  return { id: d.id, code: d.code, label: d.label, active: d.active };
}
