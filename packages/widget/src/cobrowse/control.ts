/**
 * [CB8] Control, on the visitor's page (the co-browsing chunk, never the loader): the consultant's
 * click or typing is carried out here only while the visitor has granted control, and never on a
 * private element (`data-parley-private`, the site's selector, Parley's own elements), a password
 * field or a payment field (`autocomplete="cc-…"`), whatever the console or the server let through.
 */

export type ControlSignal = { kind: 'click'; node: number } | { kind: 'type'; node: number; value: string };

/** Input types that take typed text; others (checkbox, file, hidden, password…) are not typed into. */
const TEXT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'number']);

function secretField(element: Element): boolean {
  if (element instanceof HTMLInputElement && element.type === 'password') return true;
  return /(^|\s)cc-/.test((element.getAttribute('autocomplete') ?? '').toLowerCase());
}

/** The element to act on, or null when it must not be touched. */
export function actionTarget(node: Node | null | undefined, blockSelector: string): HTMLElement | null {
  const element = node instanceof HTMLElement ? node : (node?.parentElement ?? null);
  if (!element || element.closest(blockSelector) || secretField(element)) return null;
  // A label of a secret field would focus it: not that either.
  if (element instanceof HTMLLabelElement && element.control && secretField(element.control)) return null;
  return element;
}

/**
 * Sets a field's value the way typing would: through the element's own value setter (so a
 * framework's controlled field sees it), then `input` and `change` events. False if not a field.
 */
function typeInto(element: HTMLElement, value: string): boolean {
  let proto: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  if (element instanceof HTMLInputElement && TEXT_TYPES.has(element.type)) proto = HTMLInputElement.prototype;
  else if (element instanceof HTMLTextAreaElement) proto = HTMLTextAreaElement.prototype;
  else if (element instanceof HTMLSelectElement) proto = HTMLSelectElement.prototype;
  else return false;
  if (element.disabled || ('readOnly' in element && element.readOnly)) return false;
  element.focus();
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(element, value);
  element.dispatchEvent(new Event('input', { bubbles: true }));
  element.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

/** Carries out a click or typing on `target` (from {@link actionTarget}); false when refused. */
export function perform(target: HTMLElement | null, signal: ControlSignal): boolean {
  if (!target) return false;
  if (signal.kind === 'type') return typeInto(target, signal.value);
  target.click();
  return true;
}
