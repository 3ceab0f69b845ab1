/** Scrolls to an element on the page and moves keyboard focus there (rows and cards get tabIndex -1). */
export function focusElement(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}
