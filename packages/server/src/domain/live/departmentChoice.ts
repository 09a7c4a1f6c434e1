import type { DepartmentChoice } from '@parley/protocol';
import type { Consultant, Department, Link } from '../tenants/directory.ts';
import type { LiveCore } from './core.ts';

/**
 * [DC1] The departments a visitor may choose between on a link: only a pool link without a fixed
 * department serves several; it offers each department of the tenant with at least one active
 * consultant, under the name the admin gave it, and only when there are two or more to choose from.
 */
export function choosableDepartments(
  link: Pick<Link, 'mode' | 'departmentId'>,
  departments: readonly Department[],
  consultants: readonly Pick<Consultant, 'departmentId' | 'active'>[],
): DepartmentChoice[] {
  if (link.mode !== 'pool' || link.departmentId !== null) return [];
  const staffed = new Set(consultants.filter((c) => c.active).map((c) => c.departmentId));
  const choices = departments
    .filter((d) => staffed.has(d.id))
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return choices.length >= 2 ? choices : [];
}

/** [DC1] The choices of `link`, read from the directory (names as the admin last set them). */
export async function departmentChoices(core: LiveCore, link: Link): Promise<DepartmentChoice[]> {
  if (link.mode !== 'pool' || link.departmentId !== null) return [];
  const { departments, consultants } = core.deps.directory;
  const [all, people] = await Promise.all([
    departments.listDepartments(link.tenantId),
    consultants.listConsultants(link.tenantId),
  ]);
  return choosableDepartments(link, all, people);
}
