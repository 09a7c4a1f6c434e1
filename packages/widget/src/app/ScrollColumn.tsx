import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from '@parley/i18n';

/**
 * [UI2] The app's one scrolling column under the header. Nothing is pinned over it, so no control
 * can be covered; when it does not fit, a "More below" bar under it (in the flow, not on top)
 * says so until the end is reached, and scrolls on when pressed.
 */
export function ScrollColumn({ t, children }: { t: Translate; children: ComponentChildren }) {
  const scroller = useRef<HTMLDivElement>(null);
  const column = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState(false);

  useEffect(() => {
    const el = scroller.current;
    const content = column.current;
    if (!el || !content) return;
    // A couple of pixels of slack: zoom levels leave fractional scroll positions at the end.
    const update = () => setMore(el.scrollTop + el.clientHeight < el.scrollHeight - 2);
    update();
    el.addEventListener('scroll', update, { passive: true });
    // The column grows when devices are found or a confirmation opens; the panel can be resized.
    const resize = new ResizeObserver(update);
    resize.observe(el);
    resize.observe(content);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, []);

  const scrollOn = () => {
    const el = scroller.current;
    if (!el) return;
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollBy({ top: Math.max(40, el.clientHeight * 0.8), behavior: smooth ? 'smooth' : 'auto' });
  };

  return (
    <>
      <div class="scroll" ref={scroller} data-testid="app-scroll">
        <div class="column" ref={column}>
          {children}
        </div>
      </div>
      {more && (
        <button type="button" class="more-below" data-testid="more-below" onClick={scrollOn}>
          {t('app.moreBelow')} <span aria-hidden="true">↓</span>
        </button>
      )}
    </>
  );
}
