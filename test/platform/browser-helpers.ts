/**
 * What the platform's browser tests share: where Chromium is and how it is started, the two window sizes, and
 * the checks run in the page (form controls without an accessible name, text below the WCAG AA contrast, a page
 * wider than the window, the focused element).
 */
import type { Page } from 'playwright-core';
import { chromiumPath } from '../chromium.js';

export const executablePath = chromiumPath();
export const NO_CHROMIUM = 'platform browser test skipped: no Chromium found (install Debian\'s "chromium" package or set CHROMIUM_PATH)';

export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const LAPTOP = { width: 1366, height: 900 };
export const TABLET = { width: 768, height: 1024 };

/**
 * Form controls of the page without an accessible name: every input, select and textarea (not hidden, not a
 * button) must have a <label>, an aria-label or an aria-labelledby that points at text.
 */
export function unlabelledControls(page: Page): Promise<string[]> {
  // Runs in the page (the DOM types are not part of this project's TypeScript setup: it reaches the document
  // through the root element that the locator hands over).
  return page.locator('html').evaluate((root) => {
    const doc = root.ownerDocument;
    const hasText = (x: { textContent: string | null } | null | undefined): boolean => (x?.textContent ?? '').trim() !== '';
    const missing: string[] = [];
    for (const el of doc.querySelectorAll('input, select, textarea')) {
      const type = String(el.getAttribute('type') ?? '').toLowerCase();
      if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
      const byLabel = [...(el.labels ?? [])].some(hasText);
      const byAria = String(el.getAttribute('aria-label') ?? '').trim() !== '';
      const byIds = String(el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .some((id: string) => hasText(doc.getElementById(id)));
      if (!byLabel && !byAria && !byIds) missing.push(`${String(el.tagName).toLowerCase()}[name=${el.getAttribute('name') ?? ''}]`);
    }
    return missing;
  });
}

/**
 * Text on the page below the WCAG AA contrast ratio (4.5:1; 3:1 for large text) against the nearest opaque
 * background behind it, as `ratio text`. The page uses plain colours (no background images or translucency).
 */
export function lowContrastText(page: Page): Promise<string[]> {
  return page.locator('html').evaluate((root) => {
    const doc = root.ownerDocument;
    const win = doc.defaultView!;
    const rgba = (css: string): number[] => (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? '0 0 0 0').split(/[\s,/]+/).filter(Boolean).map(Number);
    const luminance = (c: number[]): number => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const backgroundOf = (el: { parentElement: unknown } | null): number[] => {
      for (let e = el; e; e = e.parentElement as typeof el) {
        const bg = rgba(win.getComputedStyle(e).backgroundColor);
        if ((bg[3] ?? 1) > 0) return bg;
      }
      return [255, 255, 255, 1];
    };
    const low: string[] = [];
    for (const el of doc.querySelectorAll('body *')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent ?? '').join('').trim();
      if (!own || el.tagName === 'OPTION' || el.closest('.visually-hidden, .skip') || el.getClientRects().length === 0) continue;
      const style = win.getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const fg = luminance(rgba(style.color));
      const bg = luminance(backgroundOf(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) low.push(`${ratio.toFixed(2)} ${own.slice(0, 40)}`);
    }
    return low;
  });
}

/** How much wider than the window the page is (0 when it fits). */
export function overflow(page: Page): Promise<number> {
  return page.locator('html').evaluate((html) => Math.max(0, html.scrollWidth - html.ownerDocument.defaultView!.innerWidth));
}

/** Text, id and name of the element that has the keyboard focus. */
export function focused(page: Page): Promise<{ text: string; id: string; name: string }> {
  return page.locator('html').evaluate((html) => {
    const el = html.ownerDocument.activeElement;
    return { text: (el?.textContent ?? '').trim(), id: el?.id ?? '', name: el?.getAttribute('name') ?? '' };
  });
}

