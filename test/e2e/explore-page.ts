// Reading the Explore lab's state from the page in e2e tests.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Accessible name of the classification H₀ slider (label with the symbol, then its ASCII spelling). */
export const H0_SLIDER = 'H₀ (target entropy) — H0';

/** Waits until the classification panel shows a result computed for the current settings. */
export async function waitForClassification(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="classification-readouts"][data-fresh="1"]', { timeout: 60_000 });
}

export async function numberAt(page: Page, testId: string): Promise<number> {
  const v = await page.getByTestId(testId).getAttribute('data-value');
  expect(v).not.toBeNull();
  expect(v).not.toBe('');
  return Number(v);
}

export function hashOf(page: Page): URLSearchParams {
  const h = new URL(page.url()).hash;
  return new URLSearchParams(h.slice(h.indexOf('?') + 1));
}
