// The browsers the WebDriver suite drives, both from Debian's packages: Firefox ESR through
// geckodriver (built from crates.io by scripts/setup) and WebKitGTK's MiniBrowser through
// WebKitWebDriver. Every session starts from an empty profile, so tests do not share storage.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import webdriver from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

const { Builder } = webdriver;

/** The absolute path of `name` on PATH (Selenium would otherwise try to download a driver). */
function which(name) {
  return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers, for a driver just started. */
async function answering(url, what, timeout = 30_000) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${what} did not answer on ${url} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A child process that dies with us, stopped by its pid. */
function child(command, args, options) {
  const p = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  p.stderr?.on('data', (d) => { if (process.env.WEBDRIVER_DEBUG) process.stderr.write(`[${command}] ${d}`); });
  return p;
}

function stopChild(p) {
  if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
}

export const FIREFOX = {
  id: 'firefox',
  name: 'Firefox ESR',
  async setUp() {
    this.geckodriver = which('geckodriver');
  },
  async session({ width, height }) {
    const options = new firefox.Options()
      .setBinary('/usr/bin/firefox-esr')
      .addArguments('-headless', `--width=${width}`, `--height=${height}`)
      .setPreference('intl.accept_languages', 'zh-CN');
    return new Builder()
      .forBrowser('firefox')
      .setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(this.geckodriver))
      .build();
  },
  async tearDown() {},
};

// WebKitGTK (GTK 3) has no headless mode: MiniBrowser needs an X display, so it gets its own
// Xvfb. WebKitWebDriver launches a fresh MiniBrowser in automation mode for each session.
export const WEBKIT = {
  id: 'webkit',
  name: 'WebKitGTK',
  async setUp() {
    this.xvfb = child('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x2000x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    const display = await new Promise((resolve, reject) => {
      let text = '';
      this.xvfb.stdio[3].on('data', (d) => {
        text += d;
        if (text.includes('\n')) resolve(`:${text.trim()}`);
      });
      this.xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    });
    const port = await freePort();
    this.driver = child(which('WebKitWebDriver'), [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display, LANG: 'zh_CN.UTF-8' },
    });
    this.url = `http://127.0.0.1:${port}`;
    await answering(`${this.url}/status`, 'WebKitWebDriver');
  },
  async session({ width, height }) {
    const driver = await new Builder()
      .usingServer(this.url)
      .withCapabilities({ browserName: 'MiniBrowser' })
      .build();
    await driver.manage().window().setRect({ width, height });
    return driver;
  },
  async tearDown() {
    stopChild(this.driver);
    stopChild(this.xvfb);
  },
};

export const ENGINES = [FIREFOX, WEBKIT];
