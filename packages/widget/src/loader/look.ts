/**
 * [EA9] The link's look and place, from the status route: applied as custom properties on the
 * loader's host element, which the shadow root's rules read (with Parley's defaults as their
 * fallbacks). Set through the CSSOM, so a strict style-src on the customer's page does not stop
 * it, and set before the host joins the page, so the default style never shows ([EA11]).
 */
export interface Look {
  background: string;
  text: string;
  position: 'bottom-right' | 'bottom-left';
  offsetX: number;
  offsetY: number;
  panelWidth: number;
  panelHeight: number;
}

const COLOUR = /^#[0-9a-f]{6}$/i;

/** The server validated the look; the page still gets nothing but a colour or a pixel count. */
export function applyLook(host: HTMLElement, look: Partial<Look> | undefined): void {
  if (!look) return;
  const set = (name: string, value: string | false): void => {
    if (value) host.style.setProperty(`--parley-${name}`, value);
  };
  const px = (n: unknown): string | false => typeof n === 'number' && Number.isFinite(n) && `${Math.round(n)}px`;
  const colour = (c: unknown): string | false => typeof c === 'string' && COLOUR.test(c) && c;
  const side = px(look.offsetX);
  const left = look.position === 'bottom-left';
  set('bg', colour(look.background));
  set('fg', colour(look.text));
  set('left', left ? side : 'auto');
  set('right', left ? 'auto' : side);
  set('bottom', px(look.offsetY));
  set('width', px(look.panelWidth));
  set('height', px(look.panelHeight));
}

/** The rules that read the look; `var()` fallbacks are the default look ([EA9]). */
export const PLACE = `right:var(--parley-right,20px);left:var(--parley-left,auto)`;
