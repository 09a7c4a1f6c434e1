/**
 * Tenants, their consultants and their help links: the "who may talk to whom" of Parley.
 * Plain data plus the storage ports the rest of the domain reads it through.
 */
import type { LinkTheme } from '@parley/protocol';

export interface Tenant {
  id: string;
  name: string;
  slug: string;
}

/** [OV1] A supervisor is a consultant who also oversees; only an admin administers. */
export type ConsultantRole = 'consultant' | 'supervisor' | 'admin';

/** A team inside a tenant (F-31): pool links of a department route to its consultants. */
export interface Department {
  id: string;
  tenantId: string;
  name: string;
}

export interface Consultant {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: ConsultantRole;
  passwordHash: string;
  departmentId: string | null;
  /** A deactivated consultant cannot log in and is never routed to. */
  active: boolean;
  /** How many conversations (ringing or active) the consultant takes at once (F-29). */
  maxConversations: number;
  /** [U4] The password is a one-time one (invite, reset, CLI): it must be changed before work. */
  mustChangePassword: boolean;
}

/** A consultant to create; an account starts with a password of its own unless told otherwise. */
export type NewConsultant = Omit<Consultant, 'mustChangePassword'> & { mustChangePassword?: boolean };

/** How a link routes visitors (F-11), see docs/SPEC.md [R1]–[R3]. */
export type LinkMode = 'consultation' | 'pool' | 'broadcast';
/** Manual: ring and wait for Accept. Automatic: connect on one click (F-06). */
export type LinkAcceptance = 'manual' | 'automatic';

export interface Link {
  id: string;
  tenantId: string;
  /** The public key that appears in the visitor embed code. */
  key: string;
  name: string;
  mode: LinkMode;
  acceptance: LinkAcceptance;
  /** Pool links route to this department's consultants, or to the whole tenant when null. */
  departmentId: string | null;
  /** After this long in the queue the visitor is offered to leave a message (F-04); null: never. */
  maxWaitMs: number | null;
  /** Shown to visitors while nobody is available (F-10). */
  offlineText: string;
  /** File name of the offline picture in the tenant's upload folder, if any. */
  offlineImage: string | null;
  /** [EA9] The button's look and place on the customer's page; null: Parley's default. */
  theme: LinkTheme | null;
}

/** A message a visitor left when nobody could take their request (F-04). */
export interface LeftMessage {
  id: string;
  tenantId: string;
  linkId: string;
  name: string;
  email: string;
  text: string;
  createdAt: number;
  handledAt: number | null;
}

/** [IB2]–[IB4] What consultants did with a left message: who, and when (consultant ids). */
export interface LeftMessageWork {
  handledBy: string | null;
  assigneeId: string | null;
  assignedAt: number | null;
  assignedBy: string | null;
  answeredAt: number | null;
  answeredBy: string | null;
}

/** A left message as the inbox reads it: the message and the work done on it. */
export type TrackedLeftMessage = LeftMessage & LeftMessageWork;

export type ConsultantPatch = Partial<
  Pick<Consultant, 'name' | 'role' | 'departmentId' | 'active' | 'maxConversations'>
>;
export type LinkPatch = Partial<
  Pick<Link, 'name' | 'mode' | 'acceptance' | 'departmentId' | 'maxWaitMs' | 'offlineText' | 'offlineImage' | 'theme'>
>;

export interface Visitor {
  id: string;
  tenantId: string;
  linkId: string;
  name: string;
}

export interface AuthSession {
  id: string;
  consultantId: string;
  expiresAt: number;
}

/*
 * Storage ports of the directory, one per concern. Every lookup that takes a tenant is scoped by
 * it. A service asks for the pieces it uses (`Pick<Directory, 'consultants' | 'sessions'>`).
 */

/** Tenants and their own settings. */
export interface TenantStore {
  createTenant(tenant: Tenant): Promise<void>;
  findTenantBySlug(slug: string): Promise<Tenant | undefined>;
  getTenant(id: string): Promise<Tenant | undefined>;
  listTenants(): Promise<Tenant[]>;
  /** [E5] The sites allowed to embed the tenant's help links (lower-case origins). */
  getAllowedOrigins(tenantId: string): Promise<string[]>;
  setAllowedOrigins(tenantId: string, origins: readonly string[]): Promise<void>;
  /** [CB8] Whether consultants may click and type for the visitor (after the visitor grants it); off by default. */
  getCobrowseControl(tenantId: string): Promise<boolean>;
  setCobrowseControl(tenantId: string, control: boolean): Promise<void>;
}

/** Teams inside a tenant (F-31). */
export interface DepartmentStore {
  createDepartment(department: Department): Promise<void>;
  listDepartments(tenantId: string): Promise<Department[]>;
  renameDepartment(tenantId: string, id: string, name: string): Promise<boolean>;
}

/** Consultant accounts. */
export interface ConsultantStore {
  createConsultant(consultant: NewConsultant): Promise<void>;
  getConsultant(id: string): Promise<Consultant | undefined>;
  findConsultantByEmail(email: string): Promise<Consultant | undefined>;
  listConsultants(tenantId: string): Promise<Consultant[]>;
  /** Returns false when no consultant with that id exists in the tenant. */
  updateConsultant(tenantId: string, id: string, patch: ConsultantPatch): Promise<boolean>;
  /** [U4] `mustChange`: the password is a one-time one, to be changed at the next login. */
  setConsultantPassword(tenantId: string, id: string, passwordHash: string, mustChange?: boolean): Promise<boolean>;
}

/** Help links and which consultants answer each. */
export interface LinkStore {
  createLink(link: Link): Promise<void>;
  findLinkByKey(key: string): Promise<Link | undefined>;
  getLink(tenantId: string, id: string): Promise<Link | undefined>;
  listLinks(tenantId: string): Promise<Link[]>;
  updateLink(tenantId: string, id: string, patch: LinkPatch): Promise<boolean>;
  assignConsultant(tenantId: string, linkId: string, consultantId: string): Promise<void>;
  unassignConsultant(tenantId: string, linkId: string, consultantId: string): Promise<void>;
  linkIdsOfConsultant(tenantId: string, consultantId: string): Promise<string[]>;
  consultantIdsOfLink(tenantId: string, linkId: string): Promise<string[]>;
}

/** Messages visitors left while nobody could answer (F-04). */
export interface LeftMessageStore {
  createLeftMessage(message: LeftMessage): Promise<void>;
  listLeftMessages(tenantId: string): Promise<TrackedLeftMessage[]>;
  getLeftMessage(tenantId: string, id: string): Promise<TrackedLeftMessage | undefined>;
  /** [I4][IB4] Returns false when the tenant has no such message. */
  markLeftMessageHandled(tenantId: string, id: string, at: number, by?: string | null): Promise<boolean>;
  /** [IB3] `assigneeId` null: assigned to nobody. Returns false when the tenant has no such message. */
  assignLeftMessage(
    tenantId: string,
    id: string,
    assignment: { assigneeId: string | null; at: number; by: string },
  ): Promise<boolean>;
  /** [IB2] Records the latest e-mail answer. Returns false when the tenant has no such message. */
  markLeftMessageAnswered(tenantId: string, id: string, at: number, by: string): Promise<boolean>;
}

/** Visitors, found again by the hash of their resume token. */
export interface VisitorStore {
  createVisitor(visitor: Visitor, resumeTokenHash: string): Promise<void>;
  findVisitorByResumeTokenHash(hash: string): Promise<Visitor | undefined>;
}

/** Consultant login sessions, stored by the hash of their token. */
export interface AuthSessionStore {
  createAuthSession(session: AuthSession, tokenHash: string): Promise<void>;
  findAuthSession(tokenHash: string): Promise<AuthSession | undefined>;
  /** Deletes the session and returns it, or undefined when it was already gone. */
  deleteAuthSession(tokenHash: string): Promise<AuthSession | undefined>;
  /** [U1] Ends every session of a consultant except `keepSessionId`; returns the ids it ended. */
  deleteAuthSessionsOf(consultantId: string, keepSessionId?: string): Promise<string[]>;
}

/** The directory's stores side by side (composed, not one object doing all). */
export interface Directory {
  tenants: TenantStore;
  departments: DepartmentStore;
  consultants: ConsultantStore;
  links: LinkStore;
  leftMessages: LeftMessageStore;
  visitors: VisitorStore;
  sessions: AuthSessionStore;
}

/** Settings a new consultant starts with unless the admin chose otherwise. */
export const consultantDefaults = {
  departmentId: null,
  active: true,
  maxConversations: 1,
  mustChangePassword: false,
} as const satisfies Partial<Consultant>;

/** Settings a new link starts with unless the admin chose otherwise. */
export const linkDefaults = {
  mode: 'consultation',
  acceptance: 'manual',
  departmentId: null,
  maxWaitMs: null,
  offlineText: '',
  offlineImage: null,
  theme: null,
} as const satisfies Partial<Link>;
