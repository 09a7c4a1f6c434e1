/**
 * Tenants, their consultants and their help links: the "who may talk to whom" of Parley.
 * Plain data plus the storage port the rest of the domain reads it through.
 */
export interface Tenant {
  id: string;
  name: string;
  slug: string;
}

export type ConsultantRole = 'consultant' | 'admin';

export interface Consultant {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: ConsultantRole;
  passwordHash: string;
}

/** How a link routes visitors (F-11). Only consultation routing exists so far. */
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
}

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

/** Storage port for the directory. Every lookup that takes a tenant is scoped by it. */
export interface DirectoryStore {
  createTenant(tenant: Tenant): Promise<void>;
  findTenantBySlug(slug: string): Promise<Tenant | undefined>;
  getTenant(id: string): Promise<Tenant | undefined>;

  createConsultant(consultant: Consultant): Promise<void>;
  getConsultant(id: string): Promise<Consultant | undefined>;
  findConsultantByEmail(email: string): Promise<Consultant | undefined>;

  createLink(link: Link): Promise<void>;
  findLinkByKey(key: string): Promise<Link | undefined>;
  listLinks(tenantId: string): Promise<Link[]>;
  assignConsultant(tenantId: string, linkId: string, consultantId: string): Promise<void>;
  linkIdsOfConsultant(tenantId: string, consultantId: string): Promise<string[]>;

  createVisitor(visitor: Visitor, resumeTokenHash: string): Promise<void>;
  findVisitorByResumeTokenHash(hash: string): Promise<Visitor | undefined>;

  createAuthSession(session: AuthSession, tokenHash: string): Promise<void>;
  findAuthSession(tokenHash: string): Promise<AuthSession | undefined>;
  deleteAuthSession(tokenHash: string): Promise<void>;
}
