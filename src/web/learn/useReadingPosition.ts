import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ReadingPosition } from '../api/learn';

/** Where reading happens: just under the sticky top bar. */
const READ_LINE = 72;
const SAVE_AFTER_MS = 1500;

function headingsOf(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('h2[id], h3[id]'));
}

/** The element the fraction is measured on: the lesson text, whose height does not change while reading. */
function textOf(container: HTMLElement): HTMLElement {
  return container.querySelector<HTMLElement>('[data-lesson-text]') ?? container;
}

/**
 * The section heading the reading line is in, and how far down the lesson text it is (0-1). The
 * parts after the text (questions, apply it) grow as they are used, so there the heading alone says
 * where the reader is (the fraction is 1).
 */
export function measurePosition(container: HTMLElement): ReadingPosition {
  const rect = textOf(container).getBoundingClientRect();
  const height = Math.max(1, rect.height);
  const fraction = Math.min(1, Math.max(0, (READ_LINE - rect.top) / height));
  let anchor: string | null = null;
  for (const h of headingsOf(container)) {
    if (h.getBoundingClientRect().top <= READ_LINE + 8) anchor = h.id;
    else break;
  }
  return { anchor, fraction: Math.round(fraction * 10_000) / 10_000 };
}

/**
 * Scrolls back to a saved position. The fraction is precise, the section survives edits to the
 * lesson: use the fraction when it falls inside the saved section, otherwise the section's start.
 * Returns the heading of the section, if there is one.
 */
export function restorePosition(container: HTMLElement, position: ReadingPosition): HTMLElement | null {
  const text = textOf(container).getBoundingClientRect();
  let y = text.top + window.scrollY + position.fraction * text.height - READ_LINE;
  let heading: HTMLElement | null = null;
  if (position.anchor) {
    const all = headingsOf(container);
    const i = all.findIndex((h) => h.id === position.anchor);
    if (i >= 0) {
      heading = all[i];
      const start = heading.getBoundingClientRect().top + window.scrollY - READ_LINE;
      const next = all[i + 1];
      const end = next ? next.getBoundingClientRect().top + window.scrollY - READ_LINE : Number.POSITIVE_INFINITY;
      if (y < start - 2 || y >= end) y = start;
    }
  }
  window.scrollTo({ top: Math.max(0, y), behavior: 'instant' as ScrollBehavior });
  return heading;
}

/** The top of the lesson, above its first section: where the title and the navigation are. */
const atTop = (p: ReadingPosition) => !p.anchor && p.fraction < 0.01;

function changed(a: ReadingPosition | null, b: ReadingPosition): boolean {
  return !a || a.anchor !== b.anchor || Math.abs(a.fraction - b.fraction) >= 0.01;
}

/**
 * Tracks where the reader is in a lesson and saves it: after scrolling stops, when the tab is
 * hidden and when the reader leaves the page (keepalive, so it survives navigation and closing).
 * Nothing is saved until `ready` (the saved position has been restored), so the first render at
 * the top never overwrites it.
 */
export function useReadingPosition(containerRef: RefObject<HTMLElement | null>, lessonKey: string, ready: boolean, initial: ReadingPosition | null) {
  const [current, setCurrent] = useState<ReadingPosition | null>(initial);
  const lastSaved = useRef<ReadingPosition | null>(initial);
  const latest = useRef<ReadingPosition | null>(initial);
  const timer = useRef<number | undefined>(undefined);

  const save = useCallback(
    (keepalive: boolean) => {
      const pos = latest.current;
      if (!pos || !changed(lastSaved.current, pos)) return;
      // Scrolling back up to the title or the navigation, usually to leave, is not reading: it
      // never replaces a place further in, which "Continue where you left off" should return to.
      if (atTop(pos) && lastSaved.current && !atTop(lastSaved.current)) return;
      lastSaved.current = pos;
      void fetch(`/api/v1/learn/lessons/${encodeURIComponent(lessonKey)}/position`, {
        method: 'PUT',
        credentials: 'same-origin',
        keepalive,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(pos),
      }).catch(() => {
        // Offline or signed out: the next save tries again with the newer position.
        lastSaved.current = null;
      });
    },
    [lessonKey],
  );

  useEffect(() => {
    if (!ready) return undefined;
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = window.requestAnimationFrame(() => {
        frame = 0;
        const el = containerRef.current;
        if (!el) return;
        const pos = measurePosition(el);
        latest.current = pos;
        setCurrent((prev) => (prev && prev.anchor === pos.anchor && Math.abs(prev.fraction - pos.fraction) < 0.005 ? prev : pos));
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => save(false), SAVE_AFTER_MS);
      });
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') save(true);
    };
    const onPageHide = () => save(true);
    window.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer.current);
      save(true);
    };
  }, [ready, containerRef, save]);

  return current;
}
