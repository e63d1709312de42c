// `npm run screenshots`: every route at 1280×720, default and ?present=1, into test-artifacts/screenshots/
// (needs a built page: npm run build). For looking at what we built before calling a UI change done.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../src/cli/chromium.ts';
import { serveStatic } from '../src/cli/static-server.ts';

const OUT = 'test-artifacts/screenshots';
const ROUTES = ['', 'explore', 'classify', 'control', 'tokens'];
mkdirSync(OUT, { recursive: true });
const server = await serveStatic('dist');
const browser = await launchChromium();
try {
  for (const route of ROUTES) {
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
