// The Explore lab in real headless Chromium with WebGPU (see DEVELOPERS.md): WebGPU in use, typeset formulas,
// the H₀ slider by keyboard, slider names / number boxes, and the page weight (≤ 250 kB gzip of JS, no TF.js).
import { describe, expect, it } from 'vitest';
import { PAGE_ROUTES, measureRouteWeights, routeJsFiles } from '../../src/bench/routes.ts';
import { e2eSession, openPage } from './harness.ts';
import { H0_SLIDER, hashOf, numberAt, waitForClassification } from './explore-page.ts';

const session = e2eSession();

describe('Explore lab in Chromium', () => {
  it('computes the explorer on WebGPU, not the CPU fallback', async () => {
    const { page, log } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/explore`);
    await waitForClassification(page);
    const readout = page.getByTestId('engine-readout');
    expect(await readout.getAttribute('data-engine')).toBe('webgpu');
    expect(await readout.textContent()).toMatch(/^WebGPU · /);
    expect(await page.getByTestId('classification-readouts').getAttribute('data-engine')).toBe('webgpu');
    const tags = await page.getByTestId('panel-engine').evaluateAll((els) => els.map((e) => e.getAttribute('data-engine')));
    expect(tags).toEqual(['webgpu', 'webgpu', 'webgpu']);
    // Each panel's ERA op ran our WGSL kernels (counted dispatches), not TF.js's composed fallback.
    await expect
      .poll(() => page.getByTestId('panel-engine').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-dispatches') || 0) > 0)))
      .toEqual([true, true, true]);
    // Formulas are typeset by KaTeX (MathML for assistive tech), not shown as TeX source.
    expect(await page.locator('.panel .katex').count()).toBeGreaterThan(6);
    expect(await page.locator('.panel .katex-mathml math').count()).toBeGreaterThan(6);
    const outsideKatex = await page.locator('.formula').evaluateAll((els) =>
      els.map((e) => {
        const c = e.cloneNode(true) as HTMLElement;
        c.querySelectorAll('.katex').forEach((k) => k.remove());
        return (c.textContent ?? '').trim();
      }),
    );
    expect(outsideKatex).toEqual(['', '', '']);
    expect(await page.evaluate(() => (window as unknown as { eraPlayground: { engine: () => { kind: string } } }).eraPlayground.engine().kind)).toBe('webgpu');
    await expect.poll(() => page.getByTestId('gaussian-entropy-after').getAttribute('data-value')).not.toBe('');
    await expect.poll(() => page.getByTestId('response-entropy').getAttribute('data-value')).not.toBe('');
    // The WGSL behind each panel is readable in the page, as text.
    for (const file of ['era_softmax.wgsl', 'era_gaussian.wgsl', 'era_tokens.wgsl']) {
      const viewer = page.getByTestId(`wgsl-${file}`);
      await viewer.locator('summary').click();
      await expect.poll(() => viewer.locator('pre code').textContent(), { timeout: 10_000 }).toMatch(/@compute[\s\S]*fn /);
    }
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('moving H₀ by keyboard changes the entropy after ERA to a value ≥ H₀, and writes the URL', async () => {
    const { page, log } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/explore?temp=0.2`);
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

  it('names every key slider by its symbol, and its number box edits it', async () => {
    const { page, log } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/explore`);
    await waitForClassification(page);
    for (const [symbol, ascii] of [
      ['H₀', 'H0'],
      ['k', 'k'],
      ['ω_low', 'omega low'],
      ['ω_high', 'omega high'],
      ['δ', 'delta'],
    ]) {
      const names = await page.getByRole('slider').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      const match = names.filter((n) => n.includes(symbol) && n.includes(ascii));
      expect(match.length, `a slider named with ${symbol} / ${ascii}`).toBeGreaterThan(0);
    }
    // The visible label is associated with the range input.
    const labelled = await page.locator('label', { hasText: 'δ (squash compensation)' }).evaluate((l) => (l as HTMLLabelElement).control?.getAttribute('type'));
    expect(labelled).toBe('range');

    const delta = page.getByRole('slider', { name: 'δ (squash compensation) — delta', exact: true });
    const deltaBox = page.getByRole('spinbutton', { name: 'δ (squash compensation) — delta value', exact: true });
    await deltaBox.fill('0.7');
    await expect.poll(() => delta.inputValue()).toBe('0.7');
    await expect.poll(() => numberAt(page, 'gaussian-target')).toBeCloseTo(1.5 + 0.7, 6);
    await expect.poll(() => numberAt(page, 'gaussian-entropy-after')).toBeCloseTo(2.2, 4);
    expect(hashOf(page).get('delta')).toBe('0.7');
    // Out-of-range typing is clamped to the valid range, never accepted as is.
    await deltaBox.fill('999');
    await expect.poll(() => hashOf(page).get('delta')).not.toBe('0.7');
    const clamped = Number(hashOf(page).get('delta'));
    expect(clamped).toBeLessThanOrEqual(6 * 1.4189385 - 1.5 + 1e-6);
    // Keyboard on the range input: Home goes to the bottom of the range.
    await delta.focus();
    await delta.press('Home');
    await expect.poll(() => delta.inputValue()).toBe('0');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('loads at most 250 kB gzip of JavaScript, and never TF.js', async () => {
    const explore = PAGE_ROUTES.find((r) => r.route === '#/explore')!;
    const files = await routeJsFiles(session.browser, session.server.origin, explore);
    const total = files.reduce((s, f) => s + f.gzipBytes, 0);
    // What `npm run bench` reports as page.routes: the same files, so the same sum.
    expect(await measureRouteWeights(session.browser, session.server.origin, [explore])).toEqual([{ route: '#/explore', gzipBytes: total }]);
    const table = files.map((f) => `${f.path} ${(f.gzipBytes / 1000).toFixed(1)} kB`).join('\n');
    expect(
      files.some((f) => /\/ExploreLab-[^/]*\.js$/.test(f.path)),
      table,
    ).toBe(true);
    expect(total, `Explore loads ${(total / 1000).toFixed(1)} kB gzip of JS:\n${table}`).toBeLessThanOrEqual(250_000);
    // TF.js puts its engine on the global object when it loads: the computed page has none.
    const { page, log } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/explore`);
    await waitForClassification(page);
    expect(await page.getByTestId('panel-engine').first().getAttribute('data-engine')).toBe('webgpu');
    expect(await page.evaluate(() => '_tfengine' in globalThis)).toBe(false);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('without KaTeX (its chunk fails to load) still computes and shows each formula as TeX text', async () => {
    const { page } = await openPage(session.browser);
    let blocked = 0;
    await page.route(/\/assets\/katex-[^/]*\.js$/, (route) => {
      blocked++;
      return route.abort();
    });
    await page.goto(`${session.server.origin}/#/explore`);
    await waitForClassification(page);
    expect(blocked).toBe(1);
    expect(await page.locator('.panel .katex').count()).toBe(0);
    const formulas = await page.locator('.formula code.math').allTextContents();
    expect(formulas.length).toBeGreaterThan(5);
    expect(formulas.some((t) => t.includes(String.raw`\operatorname{softmax}`))).toBe(true);
    await page.context().close();
  });
});
