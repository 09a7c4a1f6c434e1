import type { accountEn } from './account.en.ts';

/** Every locale must translate every account string: a missing one is a type error. */
export type AccountMessages = Record<keyof typeof accountEn, string>;
