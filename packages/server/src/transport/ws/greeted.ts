import { ParleyError } from '@parley/protocol';
import type { Actor } from '../../domain/ports/actor.ts';
import type { LiveCommands } from '../../cluster/placement.ts';

/** Who is on a greeted connection, and the live unit of their tenant that takes their commands. */
export type Greeted =
  | { role: 'visitor'; actor: Actor & { kind: 'visitor' }; live: LiveCommands }
  | { role: 'consultant'; actor: Actor & { kind: 'consultant' }; live: LiveCommands };

/** The consultant on the connection; `type` (the message's) names what was refused to anyone else. */
export function consultantOf(greeted: Greeted, type: string): string {
  if (greeted.role !== 'consultant') throw new ParleyError('forbidden', `${type} is for consultants`);
  return greeted.actor.consultantId;
}

/** The visitor on the connection; `type` (the message's) names what was refused to anyone else. */
export function visitorOf(greeted: Greeted, type: string): string {
  if (greeted.role !== 'visitor') throw new ParleyError('forbidden', `${type} is for visitors`);
  return greeted.actor.visitorId;
}
