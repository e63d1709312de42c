// The tokens lab in headless Chromium with WebGPU: both runs train in the worker and every chart gets points.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eSession, ARTIFACTS, isSameOrigin, openPage } from './harness.ts';

const session = e2eSession();

const points = async (page: import('playwright-core').Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-points'));

describe('Tokens lab in Chromium', () => {
  it('trains GRPO and GRPO+ERA side by side on WebGPU and charts receive points', async () => {
    const { page, log } = await openPage(session.browser);
    // Small groups keep SwiftShader's steps short; evalEvery=2 gives pass@k early.
    await page.goto(`${session.server.origin}/#/tokens?promptsPerStep=4&groupSize=4&evalEvery=2`);
    await page.waitForSelector('[data-testid="tokens-lab"]', { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: 60_000 }).toMatch(/webgpu/);
    expect(await page.getByTestId('param-groupSize').inputValue()).toBe('4');

    await page.getByTestId('play').click();
    await expect.poll(() => points(page, 'chart-entropy'), { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(3);
    await page.getByTestId('play').click(); // pause
    expect(await points(page, 'chart-reward')).toBeGreaterThanOrEqual(3);
    expect(await points(page, 'chart-cases')).toBeGreaterThanOrEqual(3);
    // pass@k for k = 1..G (G = 4) for both runs.
    expect(await points(page, 'chart-passk')).toBe(4);
    // Both runs have lines in the entropy chart, and responses are shown for both.
    expect(Number(await page.getByTestId('chart-entropy').getAttribute('data-lines'))).toBe(2);
    expect(await page.locator('.responses li').count()).toBe(8);
    // Each sampled response names what the policy was shown (the target's bucket) and the hidden target.
    expect(await page.locator('.responses li').first().textContent()).toMatch(/Σ ∈ \d+–\d+ \(Σ = \d+\)/);
    expect(await page.getByTestId('toolbar-status').textContent()).toMatch(/steps\/s/);
    // The performance panel: time per step, and the ERA kernels' GPU time from timestamp queries
    // (SwiftShader's adapter has them).
    await expect.poll(() => page.getByTestId('perf-step-ms').textContent(), { timeout: 60_000 }).toMatch(/^\d+\.\d ms$/);
    console.log('tokens perf panel:', await page.getByTestId('perf-era-gpu').textContent());
    expect(await page.getByTestId('perf-era-gpu').textContent()).toMatch(/^\d+\.\d{3} ms \/ \d+\.\d{2} ms$/);

    await page.screenshot({ path: join(ARTIFACTS, 'tokens-trained.png'), fullPage: true });

    // A live setting (k) writes the URL and acts on the running training: nothing resets.
    const before = await points(page, 'chart-entropy');
    await page.getByTestId('param-k').fill('3');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/k=3/);
    expect(await points(page, 'chart-entropy')).toBeGreaterThanOrEqual(before);
    // A setting that needs a fresh start (the seed) waits for the user's confirmation, then resets both runs.
    await page.getByTestId('param-seed').fill('5');
    await expect.poll(() => page.getByTestId('pending-reset').count()).toBe(1);
    expect(await points(page, 'chart-entropy')).toBeGreaterThanOrEqual(before);
    await page.getByTestId('apply-reset').click();
    await expect.poll(() => points(page, 'chart-entropy')).toBe(0);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/seed=5/);

    expect(log.errors).toEqual([]);
    expect(log.requests.filter((u) => !isSameOrigin(u, session.server.origin))).toEqual([]);
    await page.context().close();
  });
});
