import {
  ParleyError,
  type CannedResponseBody,
  type CannedResponseView,
  type CannedScope,
  type PersonalCannedBody,
} from '@parley/protocol';
import type { IdGenerator } from '../runtime.ts';
import type { Consultant } from '../tenants/directory.ts';

/** A canned response as stored (F-24): shared (tenant or department) or one consultant's own. */
export interface CannedResponse {
  id: string;
  tenantId: string;
  departmentId: string | null;
  /** [CR1] The consultant it belongs to; null for the shared ones admins keep. */
  ownerId: string | null;
  title: string;
  text: string;
  /** [CR4] Insertions so far. */
  useCount: number;
}

/** Storage port of canned responses. */
export interface CannedStore {
  listCanned(tenantId: string): Promise<CannedResponse[]>;
  createCanned(canned: Omit<CannedResponse, 'useCount'>): Promise<void>;
  updateCanned(
    tenantId: string,
    id: string,
    change: Pick<CannedResponse, 'title' | 'text' | 'departmentId'>,
  ): Promise<boolean>;
  deleteCanned(tenantId: string, id: string): Promise<boolean>;
  /** [CR4] Adds one use in one statement (no read-modify-write race); the new count, or undefined when missing. */
  countCannedUse(tenantId: string, id: string): Promise<number | undefined>;
}

export function cannedScope(canned: Pick<CannedResponse, 'ownerId' | 'departmentId'>): CannedScope {
  if (canned.ownerId !== null) return 'personal';
  return canned.departmentId === null ? 'tenant' : 'department';
}

/** [CR2] A consultant uses their own responses, their department's and the tenant's; nobody else's. */
export function usableBy(canned: CannedResponse, consultant: Pick<Consultant, 'id' | 'departmentId'>): boolean {
  if (canned.ownerId !== null) return canned.ownerId === consultant.id;
  return canned.departmentId === null || canned.departmentId === consultant.departmentId;
}

const scopeOrder: Record<CannedScope, number> = { personal: 0, department: 1, tenant: 2 };

export function toCannedView(canned: CannedResponse): CannedResponseView {
  const { id, departmentId, title, text, useCount } = canned;
  return { id, scope: cannedScope(canned), departmentId, title, text, useCount };
}

/**
 * Canned responses (F-24, docs/SPEC.md [CR1]–[CR4]): admins keep the shared ones, each consultant
 * their own; the desk lists what a consultant may use and counts every insertion. A response
 * outside the caller's reach is `not_found`, exactly like a missing one ([T2]).
 */
export class CannedResponses {
  constructor(
    private readonly store: CannedStore,
    private readonly ids: IdGenerator,
  ) {}

  /** [CR2][CR3] The consultant's own first, then their department's, then the tenant's; by title within each. */
  async usableBy(consultant: Consultant): Promise<CannedResponseView[]> {
    const all = await this.store.listCanned(consultant.tenantId);
    return all
      .filter((c) => usableBy(c, consultant))
      .map(toCannedView)
      .sort((a, b) => scopeOrder[a.scope] - scopeOrder[b.scope] || a.title.localeCompare(b.title));
  }

  /** [CR1] The shared responses, with their use counts, for the admin. Personal ones stay private. */
  async shared(tenantId: string): Promise<CannedResponseView[]> {
    return (await this.store.listCanned(tenantId)).filter((c) => c.ownerId === null).map(toCannedView);
  }

  async createShared(tenantId: string, body: CannedResponseBody): Promise<CannedResponseView> {
    const canned = { id: this.ids.next('can'), tenantId, ownerId: null, ...body };
    await this.store.createCanned(canned);
    return toCannedView({ ...canned, useCount: 0 });
  }

  async updateShared(tenantId: string, id: string, body: CannedResponseBody): Promise<CannedResponseView> {
    await this.find(tenantId, id, (c) => c.ownerId === null);
    await this.store.updateCanned(tenantId, id, body);
    return toCannedView(await this.find(tenantId, id, () => true));
  }

  async deleteShared(tenantId: string, id: string): Promise<void> {
    await this.find(tenantId, id, (c) => c.ownerId === null);
    await this.store.deleteCanned(tenantId, id);
  }

  /** [CR2] A consultant's own response: for no department, seen by nobody else. */
  async createPersonal(consultant: Consultant, body: PersonalCannedBody): Promise<CannedResponseView> {
    const canned = {
      id: this.ids.next('can'),
      tenantId: consultant.tenantId,
      ownerId: consultant.id,
      departmentId: null,
      ...body,
    };
    await this.store.createCanned(canned);
    return toCannedView({ ...canned, useCount: 0 });
  }

  async updatePersonal(consultant: Consultant, id: string, body: PersonalCannedBody): Promise<CannedResponseView> {
    await this.find(consultant.tenantId, id, (c) => c.ownerId === consultant.id);
    await this.store.updateCanned(consultant.tenantId, id, { ...body, departmentId: null });
    return toCannedView(await this.find(consultant.tenantId, id, () => true));
  }

  async deletePersonal(consultant: Consultant, id: string): Promise<void> {
    await this.find(consultant.tenantId, id, (c) => c.ownerId === consultant.id);
    await this.store.deleteCanned(consultant.tenantId, id);
  }

  /** [CR4] The consultant put the response into a chat input: one more use. */
  async recordUse(consultant: Consultant, id: string): Promise<{ useCount: number }> {
    await this.find(consultant.tenantId, id, (c) => usableBy(c, consultant));
    const useCount = await this.store.countCannedUse(consultant.tenantId, id);
    if (useCount === undefined) throw new ParleyError('not_found');
    return { useCount };
  }

  private async find(
    tenantId: string,
    id: string,
    reachable: (canned: CannedResponse) => boolean,
  ): Promise<CannedResponse> {
    const canned = (await this.store.listCanned(tenantId)).find((c) => c.id === id);
    if (!canned || !reachable(canned)) throw new ParleyError('not_found');
    return canned;
  }
}
