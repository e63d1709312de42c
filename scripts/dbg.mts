import { serveStatic } from '../src/cli/static-server.ts';
import { launchChromium } from '../src/cli/chromium.ts';
const server = await serveStatic('/work/main/dist');
const browser = await launchChromium();
const page = await browser.newPage();
await page.addInitScript(() => {
  const orig = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (m: unknown, t?: unknown) { console.log('to worker', JSON.stringify(m).slice(0, 120)); return orig.call(this, m, t as never); };
  const W = window.Worker;
  (window as any).Worker = function (u: URL, o: WorkerOptions) { const w = new W(u, o); w.addEventListener('message', (e) => console.log('from worker', JSON.stringify(e.data).slice(0, 150))); return w; };
});
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(`${server.origin}/#/tokens?promptsPerStep=4&groupSize=4`);
await page.waitForTimeout(4000);
console.log(await page.getByTestId('toolbar-status').textContent(), await page.getByTestId('step-count').textContent());
await page.getByTestId('play').click();
for (let i = 0; i < 6; i++) { await page.waitForTimeout(2000); console.log(await page.getByTestId('toolbar-status').textContent(), await page.getByTestId('step-count').textContent(), await page.getByTestId('play').textContent()); }
await browser.close(); await server.close();
