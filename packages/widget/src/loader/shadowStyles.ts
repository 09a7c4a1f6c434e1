/**
 * Styles a shadow root on the customer's page. A constructed style sheet is not subject to the
 * host page's `style-src`, so a site with a strict Content-Security-Policy still gets styled
 * Parley elements (the button, the co-browsing badge); older browsers get a <style>.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}
