// The Explore lab in real headless Chromium with WebGPU (see DEVELOPERS.md): WebGPU in use, the H₀ slider
// by keyboard, links that reproduce a view, and hostile links. Screenshots go to test-artifacts/e2e/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type StaticServer, isSameOrigin, launchChromium, openPage, serveDist } from './harness.ts';
import { H0_SLIDER, hashOf, numberAt, waitForClassification } from './explore-page.ts';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDist();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Explore lab in Chromium', () => {
  it('computes the explorer on WebGPU, not the CPU fallback', async () => {
    const { page, log } = await openPage(browser);
    await page.goto(`${server.origin}/#/explore`);
    await waitForClassification(page);
    const readout = page.getByTestId('engine-readout');
    expect(await readout.getAttribute('data-engine')).toBe('webgpu');
    expect(await readout.textContent()).toMatch(/^WebGPU · /);
    expect(await page.getByTestId('classification-readouts').getAttribute('data-engine')).toBe('webgpu');
    const tags = await page.getByTestId('panel-engine').evaluateAll((els) => els.map((e) => e.getAttribute('data-engine')));
    expect(tags).toEqual(['webgpu', 'webgpu', 'webgpu']);
    expect(await page.evaluate(() => (window as unknown as { eraPlayground: { engine: () => { kind: string } } }).eraPlayground.engine().kind)).toBe('webgpu');
    await expect.poll(() => page.getByTestId('gaussian-entropy-after').getAttribute('data-value')).not.toBe('');
    await expect.poll(() => page.getByTestId('response-entropy').getAttribute('data-value')).not.toBe('');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('moving H₀ by keyboard changes the entropy after ERA to a value ≥ H₀, and writes the URL', async () => {
    const { page, log } = await openPage(browser);
    await page.goto(`${server.origin}/#/explore?temp=0.2`);
    await waitForClassification(page);
    const h0Before = await numberAt(page, 'h0-shown');
    const hAfterBefore = await numberAt(page, 'entropy-after');
    expect(h0Before).toBe(0.6);

    const slider = page.getByRole('slider', { name: H0_SLIDER, exact: true });
    await slider.focus();
    for (let i = 0; i < 20; i++) await slider.press('ArrowRight');
    await expect.poll(() => numberAt(page, 'h0-shown')).toBeCloseTo(0.8, 6);
    await waitForClassification(page);
    await expect.poll(() => numberAt(page, 'entropy-after')).not.toBe(hAfterBefore);
    const h0 = await numberAt(page, 'h0-shown');
    const hAfter = await numberAt(page, 'entropy-after');
    expect(hAfter).toBeGreaterThanOrEqual(h0);
    expect(hashOf(page).get('h0')).toBe('0.8');

    // The top of the valid interval for D = 10 still keeps the bound.
    await slider.press('End');
    await expect.poll(() => numberAt(page, 'h0-shown')).toBeGreaterThan(2.2);
    await waitForClassification(page);
    await expect.poll(async () => (await numberAt(page, 'entropy-after')) >= (await numberAt(page, 'h0-shown'))).toBe(true);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('reproduces a view from a pasted link, and after a reload', async () => {
    const { page, log } = await openPage(browser);
    const link = `${server.origin}/#/explore?d=5&h0=1.1&temp=0.5&inv=exact&z=4,1.5,0,-2,3&gd=3&gh0=-1&delta=0.4&k=3&wlo=0.3&whi=1.5&adv=negative`;
    await page.goto(link);
    await waitForClassification(page);
    const read = async () => ({
      h0: await page.getByRole('slider', { name: H0_SLIDER, exact: true }).inputValue(),
      d: await page.getByRole('slider', { name: 'D (classes) — D classes', exact: true }).inputValue(),
      k: await page.getByRole('slider', { name: 'k (scale factor) — k', exact: true }).inputValue(),
      wlo: await page.getByRole('slider', { name: /ω_low/ }).inputValue(),
      delta: await page.getByRole('slider', { name: /δ/ }).inputValue(),
      inverse: await page.getByRole('combobox', { name: /inverse/ }).inputValue(),
      adv: await page.getByRole('combobox', { name: /advantage sign/ }).inputValue(),
      hAfter: await numberAt(page, 'entropy-after'),
      gAfter: await numberAt(page, 'gaussian-entropy-after'),
      kase: await page.getByTestId('token-case').getAttribute('data-value'),
    });
    await expect.poll(() => page.getByTestId('gaussian-entropy-after').getAttribute('data-value')).not.toBe('');
    await expect.poll(() => page.getByTestId('token-case').count()).toBe(1);
    const first = await read();
    expect(first).toMatchObject({ h0: '1.1', d: '5', k: '3', wlo: '0.3', delta: '0.4', inverse: 'exact', adv: 'negative', kase: '0' });
    expect(first.hAfter).toBeGreaterThanOrEqual(1.1);
    expect(first.gAfter).toBeCloseTo(-1 + 0.4, 4);
    expect(await page.getByTestId('url-notice').count()).toBe(0);

    await page.reload();
    await waitForClassification(page);
    await expect.poll(() => page.getByTestId('token-case').count()).toBe(1);
    expect(await read()).toEqual(first);

    // A change made in the page is in the link too: it survives a reload.
    await page.getByRole('slider', { name: 'k (scale factor) — k', exact: true }).press('ArrowRight');
    await expect.poll(() => hashOf(page).get('k')).toBe('3.1');
    await page.reload();
    await waitForClassification(page);
    expect(await page.getByRole('slider', { name: 'k (scale factor) — k', exact: true }).inputValue()).toBe('3.1');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('shows a notice for a hostile link, falls back to defaults, and renders nothing from it as HTML', async () => {
    const { page, log } = await openPage(browser);
    const evil = new URLSearchParams({
      h0: '<script>window.__pwned=1</script>',
      d: '<img src=x onerror="window.__pwned=2">',
      temp: '1e999',
      z: 'NaN,NaN',
      k: '-5',
      '<b>key</b>': '1',
    });
    await page.goto(`${server.origin}/#/explore?${evil.toString()}`);
    await waitForClassification(page);
    const notice = page.getByTestId('url-notice');
    await expect.poll(() => notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(text).toContain('Ignored unknown setting "<b>key</b>"');
    expect(await notice.locator('script, img, b').count()).toBe(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await numberAt(page, 'h0-shown')).toBe(0.6);
    expect(await page.getByRole('slider', { name: 'D (classes) — D classes', exact: true }).inputValue()).toBe('10');
    expect(log.requests.filter((u) => !isSameOrigin(u, server.origin))).toEqual([]);
    expect(log.requests.some((u) => u.endsWith('/x'))).toBe(false);
    expect(log.errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'explore-hostile-link.png'), fullPage: true });
    await page.context().close();
  });
});
