// The app shell in real headless Chromium with WebGPU (see DEVELOPERS.md): every route (no console errors,
// nothing from another origin, a screenshot each), the no-WebGPU path, and device-loss recovery.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eSession, ARTIFACTS, isSameOrigin, openPage } from './harness.ts';
import { H0_SLIDER, hashOf, numberAt, waitForClassification } from './explore-page.ts';

const session = e2eSession();

const LAB_OR_COMING = (path: string) => `main [data-testid="lab-view"][data-route="${path}"], main [data-testid="coming-soon"]`;

describe('App shell in Chromium', () => {
  it('renders every route with no console errors and no request to another origin (screenshots)', async () => {
    const routes: Array<[string, string, string]> = [
      ['landing', '#/', '.landing'],
      ['explore', '#/explore', '[data-testid="classification-readouts"][data-fresh="1"]'],
      // A lab that has landed mounts its view; one still to come says so. Either way, never a blank page.
      ['classify', '#/classify', LAB_OR_COMING('/classify')],
      ['control', '#/control', LAB_OR_COMING('/control')],
      ['tokens', '#/tokens', LAB_OR_COMING('/tokens')],
      ['explore-present', '#/explore?present=1', '[data-testid="classification-readouts"][data-fresh="1"]'],
      ['not-found', '#/nowhere', '[data-testid="not-found"]'],
    ];
    for (const [name, hash, ready] of routes) {
      const { page, log } = await openPage(session.browser);
      await page.goto(`${session.server.origin}/${hash}`);
      await page.waitForSelector(ready, { timeout: 60_000 });
      await expect.poll(() => page.getByTestId('engine-readout').getAttribute('data-phase')).toBe('ready');
      const mainText = (await page.locator('main').textContent()) ?? '';
      expect(mainText.trim().length, `${hash} is not blank`).toBeGreaterThan(40);
      if (name === 'explore-present') {
        expect(await page.locator('.app').getAttribute('data-present')).toBe('1');
        expect(await page.getByRole('slider', { name: /log sigma min/ }).count()).toBe(0);
        expect(await page.getByRole('slider', { name: H0_SLIDER, exact: true }).count()).toBe(1);
        expect(await page.getByTestId('wgsl-era_softmax.wgsl').count()).toBe(0);
      }
      if (name === 'explore') expect(await page.getByRole('slider', { name: /log sigma min/ }).count()).toBe(1);
      if (['classify', 'control', 'tokens'].includes(name) && (await page.getByTestId('coming-soon').count()) > 0) {
        expect(mainText).toMatch(/coming soon/);
      }
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
      expect(log.errors, `console errors on ${hash}`).toEqual([]);
      expect(
        log.requests.filter((u) => !isSameOrigin(u, session.server.origin)),
        `foreign requests on ${hash}`,
      ).toEqual([]);
      await page.context().close();
    }
  });

  it('without WebGPU explains why, offers a retry, and labels the CPU reference', async () => {
    const { page, log } = await openPage(session.browser, { gpu: 'absent' });
    await page.goto(`${session.server.origin}/#/explore?h0=1.3`);
    await waitForClassification(page);
    const notice = page.getByTestId('gpu-notice');
    expect(await notice.getAttribute('data-problem')).toBe('no-navigator-gpu');
    expect(await notice.textContent()).toMatch(/enable-unsafe-webgpu/);
    expect(await page.getByTestId('engine-readout').textContent()).toBe('CPU reference');
    expect(await page.getByTestId('classification-readouts').getAttribute('data-engine')).toBe('cpu-reference');
    expect(await page.getByTestId('panel-engine').first().textContent()).toMatch(/CPU reference/);
    expect(await numberAt(page, 'entropy-after')).toBeGreaterThanOrEqual(1.3);
    await page.getByRole('button', { name: 'Retry WebGPU' }).click();
    await expect.poll(() => page.getByTestId('engine-readout').getAttribute('data-phase')).toBe('ready');
    expect(await notice.getAttribute('data-problem')).toBe('no-navigator-gpu');
    await page.screenshot({ path: join(ARTIFACTS, 'explore-no-webgpu.png'), fullPage: true });
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('with WebGPU but no adapter explains the blocklist and still computes', async () => {
    const { page, log } = await openPage(session.browser, { gpu: 'no-adapter' });
    await page.goto(`${session.server.origin}/#/explore`);
    await waitForClassification(page);
    const notice = page.getByTestId('gpu-notice');
    expect(await notice.getAttribute('data-problem')).toBe('no-adapter');
    expect(await notice.textContent()).toMatch(/no GPU adapter/);
    expect(await page.getByTestId('classification-readouts').getAttribute('data-engine')).toBe('cpu-reference');
    expect(await page.getByRole('button', { name: 'Retry WebGPU' }).count()).toBe(1);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('recovers from a lost GPU device by creating a new one, keeping the settings', async () => {
    const { page } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/explore?h0=1.4&d=20`);
    await waitForClassification(page);
    const hAfter = await numberAt(page, 'entropy-after');
    const lost = await page.evaluate(() => (window as unknown as { eraPlayground: { loseDevice: () => boolean } }).eraPlayground.loseDevice());
    expect(lost).toBe(true);
    const readout = page.getByTestId('engine-readout');
    await expect.poll(() => readout.getAttribute('data-recoveries'), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => readout.getAttribute('data-phase'), { timeout: 30_000 }).toBe('ready');
    expect(await readout.getAttribute('data-engine')).toBe('webgpu');
    await waitForClassification(page);
    // The new device runs our WGSL kernels again (a fresh bridge and pipelines for it).
    expect(Number(await page.getByTestId('panel-engine').first().getAttribute('data-dispatches'))).toBeGreaterThan(0);
    expect(await numberAt(page, 'h0-shown')).toBe(1.4);
    expect(await numberAt(page, 'entropy-after')).toBeCloseTo(hAfter, 5);
    expect(hashOf(page).get('h0')).toBe('1.4');
    // And the new device computes: a new H₀ gives a new, valid result.
    await page.getByRole('slider', { name: H0_SLIDER, exact: true }).press('ArrowRight');
    await expect.poll(() => numberAt(page, 'h0-shown')).toBeCloseTo(1.41, 6);
    await waitForClassification(page);
    expect(await numberAt(page, 'entropy-after')).toBeGreaterThanOrEqual(1.41);
    await page.context().close();
  });
});
