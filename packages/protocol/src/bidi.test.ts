import { describe, expect, it } from 'vitest';
import { revealBidi } from './bidi.ts';

describe('bidi controls in text from visitors and pages', () => {
  it('[SD12] every embedding, override, isolate and mark is shown as its code point, in logical order', () => {
    expect(revealBidi('invoice\u202Etxt.exe')).toBe('invoice[U+202E]txt.exe');
    const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    expect(revealBidi(controls)).toBe(
      '[U+202A][U+202B][U+202C][U+202D][U+202E][U+2066][U+2067][U+2068][U+2069][U+200E][U+200F][U+061C]',
    );
    // Ordinary right-to-left text is left alone: only the invisible controls are shown.
    expect(revealBidi('שלום Ann مرحبا')).toBe('שלום Ann مرحبا');
  });
});
