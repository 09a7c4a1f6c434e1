/**
 * [SD12] Text from visitors and pages (names, chat, left messages, notes, attached data) may hold
 * bidirectional controls that reorder what a reader sees: `U+202E` + `txt.exe` reads `exe.txt`.
 * Wherever such text is shown — both UIs, transcript e-mails — these controls are made visible as
 * `[U+XXXX]` (so the reader sees that something was hidden there, in logical order), and the text
 * is isolated from what surrounds it (`<bdi>` in the UIs, FSI…PDI in plain text).
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The text with every bidi embedding, override, isolate and mark shown as `[U+XXXX]`. */
export function revealBidi(text: string): string {
  return text.replace(
    BIDI_CONTROLS,
    (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}

/** For plain text (e-mail, notifications, interpolated strings): revealed, and isolated with FSI…PDI. */
export function isolateBidi(text: string): string {
  return `\u2068${revealBidi(text)}\u2069`;
}
