// The Control lab in headless Chromium (after `npm run build`): the route trains both agents in the
// worker, the canvases animate, and the charts receive episode points. A screenshot goes to test-artifacts/e2e/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eSession, ARTIFACTS, openPage } from './harness.ts';

const session = e2eSession();

const frames = async (page: Page, agent: string) => Number(await page.getByTestId(`control-canvas-${agent}`).getAttribute('data-frames'));

describe('Control lab in Chromium', () => {
  it('trains SAC and SAC-ERA in the worker, animates both canvases and charts episode points', async () => {
    const { page, log } = await openPage(session.browser);
    // Short episodes and tiny networks so a CPU-only CI machine charts points within seconds.
    await page.goto(`${session.server.origin}/#/control?env=point-mass&episodeSteps=20&warmup=20&batch=16&hidden=16`);
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: 60_000 }).toMatch(/^cpu/);
    await page.getByTestId('play').click();
    await expect
      .poll(async () => Number(await page.getByTestId('control-charts').getAttribute('data-points')), { timeout: 120_000, interval: 500 })
      .toBeGreaterThanOrEqual(4);
    const before = [await frames(page, 'sac'), await frames(page, 'sac-era')];
    await expect.poll(() => frames(page, 'sac'), { timeout: 30_000 }).toBeGreaterThan(before[0]);
    await expect.poll(() => frames(page, 'sac-era'), { timeout: 30_000 }).toBeGreaterThan(before[1]);
    // Both runs advanced past warm-up (so the updates ran) and neither diverged.
    for (const a of ['sac', 'sac-era']) {
      const run = page.getByTestId(`control-run-${a}`);
      expect(Number(await run.getAttribute('data-steps'))).toBeGreaterThan(20);
      expect(await run.getAttribute('data-diverged')).toBe('');
    }
    // The charts drew their series (lines with at least one point).
    expect(Number(await page.getByTestId('chart-return').getAttribute('data-lines'))).toBeGreaterThan(0);
    // The settings are in the URL (point-mass is the default env, so only the changed ones appear).
    expect(page.url()).toContain('episodeSteps=20');
    expect(page.url()).toContain('hidden=16');
    expect(page.url()).not.toContain('env=');
    expect(await page.getByTestId('control-pendulum-note').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'control.png'), fullPage: true });
    await page.getByTestId('play').click(); // pause
    await expect.poll(() => page.getByTestId('play').textContent()).toMatch(/Play/);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('loads the shipped Pendulum policies: training pauses and the canvases replay them', async () => {
    const { page, log } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/control?env=pendulum`);
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: 60_000 }).toMatch(/^cpu/);
    // D = 1: the page says ERA's σ is a constant there.
    expect(await page.getByTestId('control-pendulum-note').textContent()).toMatch(/0\.311/);
    await page.getByRole('button', { name: 'Load trained policies' }).click();
    const start = await frames(page, 'sac-era');
    await expect.poll(() => frames(page, 'sac-era'), { timeout: 30_000 }).toBeGreaterThan(start + 100);
    // Replaying only: no training step was taken.
    expect(await page.getByTestId('control-run-sac-era').getAttribute('data-steps')).toBe('0');
    expect(await page.getByTestId('play').textContent()).toMatch(/Play/);
    await page.screenshot({ path: join(ARTIFACTS, 'control-trained.png') });
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
