/** Who acts in a live command: a visitor or a consultant, by id. */
export type Actor = { kind: 'visitor'; visitorId: string } | { kind: 'consultant'; consultantId: string };
