// `npm run screenshots`: every route at 1280×720, default and ?present=1, into test-artifacts/screenshots/
// (needs a built page: npm run build). For looking at what we built before calling a UI change done.
// `npm run screenshots -- --readme`: instead, the README's picture (docs/screenshot.png): the Tokens lab in
// present mode at 1280×720 after 90 s of training on this machine's adapter.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../src/cli/chromium.ts';
import { serveStatic } from '../src/cli/static-server.ts';

const OUT = 'test-artifacts/screenshots';
const ROUTES = ['', 'explore', 'classify', 'control', 'tokens'];
const README = process.argv.includes('--readme');
mkdirSync(OUT, { recursive: true });
const server = await serveStatic('dist');
const browser = await launchChromium();
try {
  if (README) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.origin}/#/tokens?present=1`);
    await page
      .getByRole('button', { name: /^\W*play\b/i })
      .first()
      .click({ timeout: 60_000 });
    await page.waitForTimeout(90_000);
    await page.screenshot({ path: 'docs/screenshot.png' });
    process.stdout.write(`docs/screenshot.png at step ${await page.getByTestId('step-count').textContent()}\n`);
  }
  for (const route of README ? [] : ROUTES) {
    for (const present of [false, true]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.origin}/#/${route}${present ? '?present=1' : ''}`);
      await page.waitForTimeout(route === '' ? 800 : 4000);
      const file = join(OUT, `${route || 'landing'}${present ? '-present' : ''}.png`);
      await page.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
