// The core flows in Firefox ESR and WebKitGTK over WebDriver, against the real server (the
// release widget in dist/, a throw-away SQLite database) behind a pass-through proxy
// (proxy.mjs). Each flow gets a fresh browser session. Stops everything it started.
//
//   node e2e/webdriver/run.mjs [firefox|webkit]... [--flow TEXT]
import { after, before, describe, test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startPatron } from '../server.mjs';
import { ENGINES } from './engines.mjs';
import { Proxy } from './proxy.mjs';
import { ServerApi } from './server-api.mjs';
import embed from './flows/embed.mjs';
import modes from './flows/modes.mjs';
import points from './flows/points.mjs';
import storage from './flows/storage.mjs';
import survey from './flows/survey.mjs';
import tour from './flows/tour.mjs';

const FLOWS = [...embed, ...storage, ...survey, ...points, ...tour, ...modes];
const DESKTOP = { width: 1280, height: 800 };
// Each flow takes 2 to 15 s; WebKitGTK has been seen, rarely, not to answer a command at all.
const FLOW_TIMEOUT = 90_000;
const FAILURES = join(ROOT, 'e2e/test-results/webdriver');

const args = process.argv.slice(2);
const flowFilter = args.includes('--flow') ? args[args.indexOf('--flow') + 1] : '';
const engineIds = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--flow');
const engines = ENGINES.filter((e) => engineIds.length === 0 || engineIds.includes(e.id));
const flows = FLOWS.filter((f) => f.name.includes(flowFilter));

let server;
let session; // the browser session of the flow running now
const proxy = await Proxy.start();
function stopAll() {
  for (const engine of engines) engine.tearDown();
  proxy.close();
  server?.stop();
}
// Interrupted: end the browser session too (its driver is a child of ours), then the rest.
async function abort(code) {
  await Promise.race([session?.quit(), new Promise((r) => setTimeout(r, 5_000))]).catch(() => {});
  stopAll();
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => abort(130));

server = await startPatron({
  addr: `127.0.0.2:${proxy.port}`,
  publicUrl: `http://127.0.0.1:${proxy.port}`,
  quiet: true,
  onExit: (code) => { console.error(`server exited early (${code})`); abort(1); },
});
proxy.forward('127.0.0.2', proxy.port);
const urls = {
  patron: `http://127.0.0.1:${proxy.port}`,
  shop: server.shop,
};
const api = new ServerApi(`http://127.0.0.2:${proxy.port}`);
after(stopAll);

for (const engine of engines) {
  describe(engine.name, () => {
    let started;
    before(async () => {
      started = Date.now();
      await engine.setUp();
    });
    after(() => console.log(`# ${engine.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`));

    for (const flow of flows) {
      // One retry in a fresh session, said loudly: WebKitGTK has been seen to fail the offline
      // survey flow about once in three runs (the comment missing from the kept answers) and
      // pass on the next; a flow that fails twice fails the suite.
      test(flow.name, { timeout: 2 * (FLOW_TIMEOUT + 60_000) }, async () => {
        try {
          await attempt(engine, flow);
        } catch (e) {
          console.log(`# FLAKY? ${engine.name} / ${flow.name} failed once, retrying: ${String(e.message).slice(0, 400)}`);
          // The retry gets a fresh driver too: a driver that died (ECONNREFUSED) would
          // otherwise leave the retry waiting on it until the test's timeout.
          await engine.tearDown();
          await engine.setUp();
          await attempt(engine, flow);
          console.log(`# FLAKY: ${engine.name} / ${flow.name} passed on its retry`);
        }
      });
    }
  });
}

/** Runs `flow` once in a fresh session of `engine`; a screenshot when it fails. */
async function attempt(engine, flow) {
  const driver = await Promise.race([
    engine.session(flow.viewport ?? DESKTOP),
    new Promise((_, reject) => setTimeout(
      () => reject(new Error(`${engine.name} gave no session within 60 s`)), 60_000).unref()),
  ]);
  session = driver;
  const sent = lastCommand(driver);
  let watchdog;
  try {
    // A command that hangs fails the flow instead (a page load waits 5 minutes by default).
    await driver.manage().setTimeouts({ script: 20_000, pageLoad: 30_000 });
    await Promise.race([
      flow.run({ driver, engine, urls, proxy, api }),
      new Promise((_, reject) => {
        watchdog = setTimeout(() => {
          const ago = ((Date.now() - sent.at) / 1000).toFixed(1);
          reject(new Error(`the flow took over ${FLOW_TIMEOUT / 1000} s; its last WebDriver command, `
            + `${sent.name}, ${sent.answered ? 'was answered' : 'has had no answer since it was sent'} ${ago} s ago`));
        }, FLOW_TIMEOUT);
      }),
    ]);
  } catch (e) {
    await within(10_000, screenshot(driver, engine, flow));
    throw e;
  } finally {
    clearTimeout(watchdog);
    proxy.restore();
    session = null;
    // A browser that does not answer any more is replaced, so that the next flow runs.
    if (!(await within(15_000, driver.quit()))) {
      console.log(`# ${engine.name} did not end its session: restarting its driver`);
      await engine.tearDown();
      await engine.setUp();
    }
  }
}

/** Keeps `{name, at, answered}` of the last command sent to the driver, for a flow that hangs. */
function lastCommand(driver) {
  const sent = { name: 'none', at: Date.now(), answered: true };
  const executor = driver.getExecutor();
  const execute = executor.execute.bind(executor);
  executor.execute = (command) => {
    const mine = { name: command.getName(), at: Date.now(), answered: false };
    Object.assign(sent, mine);
    const done = () => { if (sent.at === mine.at && sent.name === mine.name) sent.answered = true; };
    return execute(command).finally(done);
  };
  return sent;
}

/** Whether `promise` settles (either way) within `ms`. */
function within(ms, promise) {
  let timer;
  return Promise.race([
    promise.then(() => true, () => true),
    new Promise((resolve) => { timer = setTimeout(() => resolve(false), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** What the browser showed when a flow failed, for whoever reads the log. */
async function screenshot(driver, engine, flow) {
  try {
    await driver.switchTo().defaultContent();
    mkdirSync(FAILURES, { recursive: true });
    const file = join(FAILURES, `${engine.id}-${flow.name.replace(/\W+/g, '-').slice(0, 60)}.png`);
    writeFileSync(file, await driver.takeScreenshot(), 'base64');
    console.log(`# screenshot: ${file}`);
  } catch {}
}
