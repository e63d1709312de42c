// The classroom features in Chromium: present mode at 1280×720 (Play and the primary chart in the first
// view, no horizontal overflow), phones (390×844) without horizontal overflow, the keyboard (Space, S,
// R), `hide=`, live knobs during training, and axe-core on every route (0 serious/critical issues).
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonHash } from '../../src/ui/lessons/lessons.ts';
import { ARTIFACTS, e2eSession, openPage } from './harness.ts';

const session = e2eSession();
const LABS = ['classify', 'control', 'tokens'] as const;
/** Small, fast settings per lab for SwiftShader. */
const SMALL: Record<(typeof LABS)[number], string> = {
  classify: 'trainSize=128&testSize=50&batch=16&width=4&evalEvery=2',
  control: 'env=point-mass&episodeSteps=20&warmup=20&batch=16&hidden=16',
  tokens: 'promptsPerStep=4&groupSize=4&evalEvery=2',
};

async function labPage(width: number, height: number, hash: string): Promise<{ page: Page; errors: string[] }> {
  const { page, log } = await openPage(session.browser);
  await page.setViewportSize({ width, height });
  await page.goto(`${session.server.origin}/${hash}`);
  await page.waitForSelector('[data-testid="lab-view"]', { timeout: 60_000 });
  return { page, errors: log.errors };
}

const box = async (page: Page, testId: string) => (await page.getByTestId(testId).first().boundingBox())!;
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const stepOf = async (page: Page) => Number(await page.getByTestId('step-count').textContent());

describe('classroom mode in Chromium', () => {
  it.each(LABS)('%s with ?present=1 at 1280×720: Play and the primary chart are in the first view, nothing overflows sideways', async (lab) => {
    const { page, errors } = await labPage(1280, 720, `#/${lab}?present=1`);
    await page.getByTestId('primary-chart').waitFor();
    const play = await box(page, 'play');
    const chart = await box(page, 'primary-chart');
    for (const b of [play, chart]) {
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height).toBeLessThanOrEqual(720);
      expect(b.x + b.width).toBeLessThanOrEqual(1280);
    }
    expect(await overflowX(page)).toBe(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, `${lab}-present-1280x720.png`) });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(['explore', ...LABS])('%s on a phone (390×844) has no horizontal overflow', async (lab) => {
    const { page } = await labPage(390, 844, `#/${lab}`);
    await page.waitForTimeout(500);
    expect(await overflowX(page)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, `${lab}-phone.png`), fullPage: false });
    await page.context().close();
  });

  it('Space plays and pauses, S steps, R resets; typing in a field does not trigger them', async () => {
    const { page, errors } = await labPage(1280, 900, `#/tokens?${SMALL.tokens}`);
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: 60_000 }).toMatch(/webgpu|cpu/);
    await page.locator('body').press('s');
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(1);
    await page.locator('body').press(' ');
    await expect.poll(() => page.getByTestId('play').textContent(), { timeout: 30_000 }).toMatch(/Pause/);
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await page.locator('body').press(' ');
    await expect.poll(() => page.getByTestId('play').textContent(), { timeout: 60_000 }).toMatch(/Play/);
    // In a number field the keys are text, not shortcuts.
    const field = page.getByTestId('param-seed');
    await field.focus();
    await field.press('r');
    expect(await stepOf(page)).toBeGreaterThanOrEqual(3);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.locator('body').press('r');
    await expect.poll(() => stepOf(page), { timeout: 30_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('moving a live knob during training leaves the step count going on and marks the charts', async () => {
    const { page, errors } = await labPage(1280, 900, `#/tokens?${SMALL.tokens}`);
    await page.getByTestId('play').click();
    await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
    const before = await stepOf(page);
    await page.getByTestId('param-omegaLow').fill('0.8');
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(before);
    expect(await page.getByTestId('pending-reset').count()).toBe(0);
    // The change is a labelled vertical rule on the time charts.
    await expect.poll(() => page.getByTestId('chart-entropy').textContent(), { timeout: 30_000 }).toMatch(/ω_low 0\.45 → 0\.8/);
    await page.getByTestId('play').click();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('hide= hides those controls and the lab keeps working', async () => {
    const { page, errors } = await labPage(1280, 900, `#/classify?hide=lr,batch&${SMALL.classify}`);
    await page.getByTestId('settings-panel').waitFor();
    expect(await page.locator('[data-setting="lr"]').count()).toBe(0);
    expect(await page.locator('[data-setting="batch"]').count()).toBe(0);
    expect(await page.locator('[data-setting="h0"]').count()).toBe(1);
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBe(1);
    // The classroom-link builder makes such links.
    await page.getByTestId('classroom-link').locator('summary').click();
    await page.locator('[data-hide="seed"]').check();
    expect(await page.getByTestId('classroom-link-text').inputValue()).toMatch(/#\/classify\?.*hide=lr%2Cbatch%2Cseed.*&present=1$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))(
    'lesson %s opens in present mode with its caption in the first view and its settings valid',
    async (_id, lesson) => {
      const { page } = await openPage(session.browser);
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`${session.server.origin}/${lessonHash(lesson, true)}`);
      const caption = page.getByTestId('lesson-caption');
      await caption.waitFor({ timeout: 60_000 });
      expect(await caption.getAttribute('data-lesson')).toBe(lesson.id);
      expect(await caption.textContent()).toContain(lesson.steps[0].notice);
      const b = (await caption.boundingBox())!;
      expect(b.y + b.height).toBeLessThanOrEqual(720);
      expect(await page.getByTestId('url-notice').count()).toBe(0);
      for (const [key, value] of Object.entries(lesson.params)) {
        const control = page.locator(`[data-setting="${key}"]`).locator('input, select').first();
        if ((await control.count()) === 0) continue; // a setting the lab shows elsewhere (Explore's panels)
        const shown = (await control.getAttribute('type')) === 'checkbox' ? ((await control.isChecked()) ? '1' : '0') : await control.inputValue();
        expect(Number.isNaN(Number(value)) ? shown : Number(shown), key).toBe(Number.isNaN(Number(value)) ? value : Number(value));
      }
      await page.getByTestId('lesson-next').click();
      expect(await caption.getAttribute('data-step')).toBe('1');
      expect(await caption.textContent()).toContain(lesson.steps[1].notice);
      await page.screenshot({ path: join(ARTIFACTS, `lesson-${lesson.id}-present.png`) });
      await page.context().close();
    },
  );

  for (const route of ['', 'explore', ...LABS]) {
    for (const present of [false, true]) {
      it(`axe finds no serious or critical issue on #/${route}${present ? '?present=1' : ''}`, async () => {
        const { page } = await openPage(session.browser);
        await page.goto(`${session.server.origin}/#/${route}${present ? '?present=1' : ''}`);
        await page.waitForTimeout(route === '' ? 500 : 2500);
        const result = await new AxeBuilder({ page }).analyze();
        const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(
          bad.map(
            (v) =>
              `${v.id}: ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(' | ')}`,
          ),
        ).toEqual([]);
        await page.context().close();
      });
    }
  }
});
