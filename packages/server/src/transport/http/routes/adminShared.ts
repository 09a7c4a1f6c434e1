import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ParleyError, type ConsultantView, type LinkView } from '@parley/protocol';
import type { Consultant, Link } from '../../../domain/tenants/directory.ts';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';
import { consultantLoginUrl, visitorEmbedCode } from './pages.ts';

export const IdParams = z.object({ id: z.string().min(1).max(64) });

/** [T1] The logged-in admin; everything they do is scoped by their tenant. */
export async function requireAdmin(services: Services, request: FastifyRequest): Promise<Consultant> {
  const consultant = await requireConsultant(services, request);
  if (consultant.role !== 'admin') throw new ParleyError('forbidden');
  return consultant;
}

/** [T2] Another tenant's ids answer exactly like missing ones. */
export function notFound(what: string): ParleyError {
  return new ParleyError('not_found', `${what} not found`);
}

export async function tenantConsultant(services: Services, tenantId: string, id: string): Promise<Consultant> {
  const consultant = await services.directory.consultants.getConsultant(id);
  if (!consultant || consultant.tenantId !== tenantId) throw notFound('consultant');
  return consultant;
}

export async function tenantLink(services: Services, tenantId: string, id: string): Promise<Link> {
  const link = await services.directory.links.getLink(tenantId, id);
  if (!link) throw notFound('link');
  return link;
}

/** [T3] A department referenced in a body must be one of the caller's tenant. */
export async function checkDepartment(services: Services, tenantId: string, id: string | null | undefined) {
  if (id === null || id === undefined) return;
  const departments = await services.directory.departments.listDepartments(tenantId);
  if (!departments.some((d) => d.id === id)) throw notFound('department');
}

/** [T3] Consultants referenced in a body must all be of the caller's tenant. */
export async function checkConsultants(services: Services, tenantId: string, ids: readonly string[] | undefined) {
  if (!ids || ids.length === 0) return;
  const known = new Set((await services.directory.consultants.listConsultants(tenantId)).map((c) => c.id));
  if (ids.some((id) => !known.has(id))) throw notFound('consultant');
}

export async function toConsultantView(services: Services, c: Consultant): Promise<ConsultantView> {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    role: c.role,
    departmentId: c.departmentId,
    active: c.active,
    maxConversations: c.maxConversations,
    linkIds: await services.directory.links.linkIdsOfConsultant(c.tenantId, c.id),
  };
}

export function offlineImageUrl(link: Link): string | null {
  return link.offlineImage ? `/api/v1/links/${encodeURIComponent(link.key)}/offline-image` : null;
}

export async function toLinkView(services: Services, link: Link): Promise<LinkView> {
  const { publicUrl } = services.config;
  return {
    id: link.id,
    key: link.key,
    name: link.name,
    mode: link.mode,
    acceptance: link.acceptance,
    departmentId: link.departmentId,
    maxWaitMs: link.maxWaitMs,
    offlineText: link.offlineText,
    offlineImageUrl: offlineImageUrl(link),
    consultantIds: await services.directory.links.consultantIdsOfLink(link.tenantId, link.id),
    theme: link.theme,
    embed: { visitor: visitorEmbedCode(publicUrl, link.key), consultant: consultantLoginUrl(publicUrl) },
  };
}

/**
 * [T7] A link whose offline notice the caller may edit: any link of the tenant for an admin, an
 * assigned link for a consultant; anything else answers 404.
 */
export async function editableLink(services: Services, request: FastifyRequest): Promise<Link> {
  const consultant = await requireConsultant(services, request);
  const { id } = parse(IdParams, request.params);
  const link = await tenantLink(services, consultant.tenantId, id);
  if (consultant.role !== 'admin') {
    const assigned = await services.directory.links.consultantIdsOfLink(link.tenantId, link.id);
    if (!assigned.includes(consultant.id)) throw notFound('link');
  }
  return link;
}
