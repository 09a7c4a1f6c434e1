import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { oggOpusPackets } from './rtp/opus.ts';

/** Languages with a shipped prompt (scripts/prompts.sh makes them). */
export const PROMPT_LOCALES = ['en', 'pl', 'nl', 'pt'] as const;
export type PromptLocale = (typeof PROMPT_LOCALES)[number];

/** [TP2][TP3] One language's prompt: 8 kHz μ-law for G.711 phones, 20 ms Opus packets for Opus ones. */
export interface Prompt {
  ulaw: Buffer;
  opus: Buffer[];
}

/**
 * [TP3] The spoken "enter your PIN followed by hash" per language: 8 kHz μ-law and Ogg Opus files
 * read once at start. An unknown language falls back to English.
 */
export function loadPrompts(folder: string): (locale: string) => Prompt {
  const prompts = new Map<string, Prompt>();
  for (const locale of PROMPT_LOCALES) {
    prompts.set(locale, {
      ulaw: readFileSync(resolve(folder, `${locale}.ul`)),
      opus: oggOpusPackets(readFileSync(resolve(folder, `${locale}.opus`))),
    });
  }
  const english = prompts.get('en') ?? { ulaw: Buffer.alloc(0), opus: [] };
  return (locale) => prompts.get(locale.split('-')[0] ?? '') ?? english;
}
