// `npm run bench:long-tasks`: only the main-thread long-task part of `npm run bench -- --browser` — each
// training lab in headless Chromium, Play pressed, every task over 50 ms recorded until 15 s after its first chart data. Needs a
// built page (npm run build). Prints the report as JSON; exits 1 when a lab has a task over 50 ms.
import { measureLongTasks } from './bench-browser.ts';
import { serveStatic } from './static-server.ts';

const server = await serveStatic('dist');
try {
  const report = await measureLongTasks(`${server.origin}/`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.perLab.every((l) => l.trained) && report.maxMs <= 50 ? 0 : 1;
} finally {
  await server.close();
}
