// Explore lab links and files in real headless Chromium (see DEVELOPERS.md): a pasted link reproduces the
// view, a hostile link falls back with a notice, and the chart exports (CSV/JSON/PNG).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eSession, ARTIFACTS, isSameOrigin, openPage } from './harness.ts';
import { H0_SLIDER, hashOf, numberAt, waitForClassification } from './explore-page.ts';

const session = e2eSession();

describe('Explore lab links and exports in Chromium', () => {
  it('reproduces a view from a pasted link, and after a reload', async () => {
    const { page, log } = await openPage(session.browser);
    const link = `${session.server.origin}/#/explore?d=5&h0=1.1&temp=0.5&inv=exact&z=4,1.5,0,-2,3&gd=3&gh0=-1&delta=0.4&k=3&wlo=0.3&whi=1.5&adv=-1.2`;
    await page.goto(link);
    await waitForClassification(page);
    const read = async () => ({
      h0: await page.getByRole('slider', { name: H0_SLIDER, exact: true }).inputValue(),
      d: await page.getByRole('slider', { name: 'D (classes) — D classes', exact: true }).inputValue(),
      k: await page.getByRole('slider', { name: 'k (scale factor) — k', exact: true }).inputValue(),
      wlo: await page.getByRole('slider', { name: /ω_low/ }).inputValue(),
      delta: await page.getByRole('slider', { name: /δ/ }).inputValue(),
      inverse: await page.getByRole('combobox', { name: /inverse/ }).inputValue(),
      adv: await page.getByRole('slider', { name: 'A (advantage) — advantage', exact: true }).inputValue(),
      hAfter: await numberAt(page, 'entropy-after'),
      gAfter: await numberAt(page, 'gaussian-entropy-after'),
      kase: await page.getByTestId('token-case').getAttribute('data-value'),
    });
    await expect.poll(() => page.getByTestId('gaussian-entropy-after').getAttribute('data-value')).not.toBe('');
    await expect.poll(() => page.getByTestId('token-case').count()).toBe(1);
    const first = await read();
    expect(first).toMatchObject({ h0: '1.1', d: '5', k: '3', wlo: '0.3', delta: '0.4', inverse: 'exact', adv: '-1.2', kase: '0' });
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
    const { page, log } = await openPage(session.browser);
    const evil = new URLSearchParams({
      h0: '<script>window.__pwned=1</script>',
      d: '<img src=x onerror="window.__pwned=2">',
      temp: '1e999',
      z: 'NaN,NaN',
      k: '-5',
      '<b>key</b>': '1',
    });
    // Plus raw, malformed percent-escapes that no encoder would produce.
    await page.goto(`${session.server.origin}/#/explore?${evil.toString()}&gd=%E0%A4%A&delta=%ZZ`);
    await waitForClassification(page);
    const notice = page.getByTestId('url-notice');
    await expect.poll(() => notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(text).toContain('Ignored unknown setting "<b>key</b>"');
    expect(text).toMatch(/Ignored gd = .*not a number/);
    expect(text).toMatch(/Ignored delta = "%ZZ"/);
    expect(await notice.locator('script, img, b').count()).toBe(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await numberAt(page, 'h0-shown')).toBe(0.6);
    expect(await page.getByRole('slider', { name: 'D (classes) — D classes', exact: true }).inputValue()).toBe('10');
    expect(log.requests.filter((u) => !isSameOrigin(u, session.server.origin))).toEqual([]);
    expect(log.requests.some((u) => u.endsWith('/x'))).toBe(false);
    expect(log.errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'explore-hostile-link.png'), fullPage: true });
    await page.context().close();
  });

  it('exports the classification chart as CSV, JSON and PNG, made in the page', async () => {
    const { page, log } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/explore?d=4&z=3,1,0,-1&h0=0.9`);
    await waitForClassification(page);
    const panel = page.getByTestId('panel-classification');
    const fetchDownload = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: button, exact: true }).click()]);
      const path = await download.path();
      return { name: download.suggestedFilename(), url: download.url(), bytes: readFileSync(path) };
    };
    const csv = await fetchDownload('CSV');
    expect(csv.name).toBe('era-classification-D4-H0-0.9.csv');
    expect(csv.url.startsWith('blob:')).toBe(true);
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('class,logit,p_before,p_after');
    expect(lines).toHaveLength(5);
    const pAfter = lines.slice(1).map((l) => Number(l.split(',')[3]));
    expect(pAfter.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(lines[1].startsWith('0,3,')).toBe(true);

    const json = JSON.parse((await fetchDownload('JSON')).bytes.toString('utf8'));
    expect(json).toMatchObject({ d: 4, h0: 0.9, engine: 'webgpu' });
    expect(json.entropyAfter).toBeGreaterThanOrEqual(0.9);
    expect(json.rows).toHaveLength(4);

    const png = await fetchDownload('PNG');
    expect(png.name).toBe('era-classification-D4-H0-0.9.png');
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.bytes.length).toBeGreaterThan(2000);
    writeFileSync(join(ARTIFACTS, 'explore-export-chart.png'), png.bytes);
    expect(log.errors).toEqual([]);
    expect(log.requests.filter((u) => !isSameOrigin(u, session.server.origin))).toEqual([]);
    await page.context().close();
  });
});
