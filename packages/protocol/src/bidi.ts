/**
 * [SD12] Text from visitors and pages (names, chat, left messages, notes, attached data) may hold
 * bidirectional controls that reorder what a reader sees: `U+202E` + `txt.exe` reads `exe.txt`.
 * Wherever such text is shown — both UIs, transcript e-mails — these controls are made visible as
 * `[U+XXXX]` (so the reader sees that something was hidden there, in logical order); the UIs also
 * isolate it from what surrounds it (`<bdi>`). Inside a translated sentence (and in e-mail) showing
 * the controls is what keeps it in order: none is left to act.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The text with every bidi embedding, override, isolate and mark shown as `[U+XXXX]`. */
export function revealBidi(text: string): string {
  return text.replace(
    BIDI_CONTROLS,
    (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}
