import type { adminEn } from './admin.en.ts';

/** Every locale must translate every admin string: a missing one is a type error. */
export type AdminMessages = Record<keyof typeof adminEn, string>;
