/**
 * [CR5] Fills `%name%`-style variables of a canned response (F-24) or invitation text. Known
 * variables are replaced (case-insensitive); unknown ones stay as typed, so a typo shows.
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  const lower = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(/%([A-Za-z_]{1,32})%/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}

/** The variables a canned response may use in the console. */
export const templateVariables = ['visitor', 'consultant', 'name', 'company'] as const;
