import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Languages with a shipped prompt (scripts/prompts.sh makes them). */
export const PROMPT_LOCALES = ['en', 'pl', 'nl', 'pt'] as const;
export type PromptLocale = (typeof PROMPT_LOCALES)[number];

/**
 * [TP3] The spoken "enter your PIN followed by hash" per language: 8 kHz μ-law files read once at
 * start. An unknown language falls back to English.
 */
export function loadPrompts(folder: string): (locale: string) => Buffer {
  const prompts = new Map<string, Buffer>();
  for (const locale of PROMPT_LOCALES) prompts.set(locale, readFileSync(resolve(folder, `${locale}.ul`)));
  const english = prompts.get('en') ?? Buffer.alloc(0);
  return (locale) => prompts.get(locale.split('-')[0] ?? '') ?? english;
}
