/** The Chromium that browser tests drive (the same search as the PDF renderer), or undefined to skip them. */
import { findChromium } from '../src/report/pdf.js';

export function chromiumPath(): string | undefined {
  try {
    return findChromium();
  } catch {
    return undefined;
  }
}
