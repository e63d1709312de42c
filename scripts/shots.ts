// Ad-hoc: screenshots of every route at 1280×720, default and present, after Play for a few seconds.
import { serveStatic } from '../src/cli/static-server.ts';
import { launchChromium } from '../src/cli/chromium.ts';

const out = process.argv[2] ?? '/tmp/shots';
const routes = (process.argv[3] ?? 'explore,classify,control,tokens').split(',');
const playMs = Number(process.argv[4] ?? 8000);
const server = await serveStatic('dist');
const browser = await launchChromium();
for (const r of routes) {
  for (const present of [false, true]) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/#/${r}${present ? '?present=1' : ''}`);
    await page.waitForTimeout(3000);
    const play = page.getByTestId('play');
    if (r !== 'explore' && (await play.count())) {
      await play.click().catch(() => {});
      await page.waitForTimeout(playMs);
    }
    const dims = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    await page.screenshot({ path: `${out}/${r}${present ? '-present' : ''}.png` });
    console.log(r, present ? 'present' : 'default', JSON.stringify(dims), errors.slice(0, 3).join(' | '));
    await ctx.close();
  }
}
await browser.close();
await server.close();
