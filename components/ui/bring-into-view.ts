/**
 * Scrolls an element into view: smoothly, or at once for people who ask their system for reduced
 * motion. 'nearest' moves the page only as far as needed, and not at all when it is already in view.
 */
export function bringIntoView(el: Element, block: ScrollLogicalPosition = 'nearest'): void {
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  el.scrollIntoView({ block, inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
}
