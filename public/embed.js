/*! Patron loader. Add to a page:
 *   <script src="https://PATRON/embed.js" data-site="SITE" async></script>
 * and call patron('boot' | 'open' | 'close' | 'on' | …, …) at any time, even before this file
 * has loaded (the calls are queued). It draws a launcher button; only when the customer reaches
 * for it (or the page asks the widget something) does it import the panel (/embed/panel.js),
 * which opens an iframe onto the widget on Patron's own origin. Hand-written, no dependencies;
 * minified at build time and kept under 1.2 KB brotli by the size budget. Typed in
 * public/embed.d.ts, served as /embed.d.ts. */
(function (w, d) {
  if (w.patron?.loaded) return;

  // Set while a classic script (async or not, tag managers' too) first runs.
  var script = d.currentScript;
  if (!script) return;
  var ORIGIN = new URL(script.src).origin; // `src` reads as an absolute URL
  var LABELS = ['Customer service', '客户服务', '客戶服務']; // en, zh-CN, zh-TW

  var data = script.dataset;
  // Unset options stay undefined (the key must exist for boot to set it): their readers fall
  // back to the defaults (right, hover, the top z-index). `locale` is what the panel speaks as
  // far as the loader knows: asked for (data-locale, boot), else the page's own language, and
  // once the widget has started, what it chose (the panel sets it from the `ready` event).
  var cfg = {
    site: data.site,
    locale: data.locale || d.documentElement.lang,
    position: data.position,
    color: data.color || '#1c1b1f',
    zIndex: 0,
    preload: data.preload
  };
  var pending = []; // calls for the panel while it loads
  var host, root, button, panel, loading, wanted;

  // Runs the extension /embed/<name>.js: `default(data, patron, sheet)`. Fetched only when
  // first needed; `patron` is the page's own call, `sheet` below.
  function extension(name, data) {
    return import(ORIGIN + '/embed/' + name + '.js').then(function (x) { return x.default(data, command, sheet); });
  }

  // Styles a shadow root. A constructable stylesheet is CSSOM, not inline style: a shop whose
  // Content-Security-Policy allows no inline style (`style-src 'self'`) cannot refuse it, and
  // no nonce has to reach us. Where there are none (Safari before 16.4) a <style> does, with
  // this script's nonce: fine without a policy or with a nonce-based one.
  function sheet(root, css, s) {
    try {
      (s = new CSSStyleSheet()).replaceSync(css);
      root.adoptedStyleSheets = [s];
    } catch (e) {
      // Nonce and text before it is inserted, which is when the policy looks. (A later call
      // adds another, which wins.)
      s = d.createElement('style');
      s.nonce = script.nonce;
      s.textContent = css;
      root.append(s);
    }
  }

  function label() {
    var l = cfg.locale;
    return LABELS[/^zh.(tw|hk|mo)|hant/i.test(l) ? 2 : /^zh/i.test(l) ? 1 : 0];
  }

  // Puts the launcher where and how `cfg` says, named in `cfg.locale`.
  function locate() {
    var side = cfg.position === 'left' ? 'left' : 'right';
    button.ariaLabel = label();
    sheet(root,
      ':host{all:initial;position:fixed;z-index:' + (+cfg.zIndex || 2147483000) + '}' +
      'button{position:fixed;bottom:20px;' + side + ':20px;width:56px;height:56px;border:0;border-radius:50%;' +
      'background:' + cfg.color + ';color:#fff;box-shadow:0 4px 14px #0004;cursor:pointer;display:grid;place-items:center}' +
      'button:focus-visible{outline:3px solid;outline-offset:3px}' +
      'iframe{position:fixed;bottom:88px;' + side + ':20px;width:380px;height:min(640px,calc(100vh - 108px));border:0;' +
      'border-radius:16px;box-shadow:0 8px 32px #0005;background:#fff;display:none}' +
      // Primed (reached for, not opened yet): laid out and drawn unseen, so that opening it
      // only shows it; a `display:none` frame is not rendered at all until it is shown.
      'iframe.open,iframe.primed{display:block}iframe.primed{opacity:0;pointer-events:none}' +
      '@media (max-width:480px){iframe{inset:0;width:100%;height:100%;border-radius:0}iframe.open+button{display:none}}');
  }

  function mount() {
    if (host || !d.body) return;
    host = d.createElement('patron-widget');
    root = host.attachShadow({ mode: 'open' });
    button = d.createElement('button');
    button.ariaExpanded = 'false';
    // The button's aria-label names it, so its icon needs no text of its own.
    button.innerHTML = '<svg width="28" height="28" viewBox="0 0 24 24"><path d="M4 5h16v11H9l-5 4z" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
    // The panel keeps aria-expanded true while it is open.
    button.onclick = function () { command(button.ariaExpanded === 'true' ? 'close' : 'open'); };
    // Fetch the widget (and draw it unseen) as soon as the customer reaches for it, not before.
    button.onpointerenter = button.onfocus = function () { if (cfg.preload !== 'none') command('prime'); };
    root.append(button);
    locate();
    d.body.appendChild(host);
    // Survey answers wait to be sent (kept here, or by the widget itself): start the widget.
    try { if (localStorage.patronOutbox) extension('outbox'); } catch (e) {}
    var idle = w.requestIdleCallback || setTimeout;
    if (cfg.preload === 'idle') idle(function () { command('prime'); });
    else if (wanted) idle(start);
  }

  // Starts the widget: the panel, which puts its iframe beside the button. Without a body to
  // mount on yet, `mount` starts it later, as soon as it can.
  function start() {
    var mounted;
    wanted = 1;
    mount();
    mounted = host;
    if (host && cfg.site && !loading) loading = import(ORIGIN + '/embed/panel.js').then(function (x) {
      if (mounted !== host) return; // shut down meanwhile
      panel = x.default(cfg, host, root, button, label, command, sheet);
      pending.forEach(function (call) { panel(call[0], call[1]); });
      pending = [];
    });
  }

  function command(name, ...args) {
    var a = args[0];
    if (name === 'boot') {
      a = a || {};
      for (var k in cfg) if (a[k] != null) cfg[k] = String(a[k]);
      if (host) locate();
      mount();
    } else if (name === 'shutdown') {
      // Gone until the next call: launcher, panel (member, listeners) and the calls waiting.
      panel?.(name);
      host?.remove();
      host = panel = loading = wanted = undefined;
      pending = [];
      return;
    }
    // Calls that need the widget running (open, track, survey, page…) start it.
    else if (!/^(on|off|close)$/.test(name)) start();
    panel ? panel(name, args) : pending.push([name, args]);
  }

  var queued = w.patron?.q || [];
  (w.patron = (...call) => command(...call)).loaded = true;
  queued.forEach((call) => command(...call));
  if (d.body) mount();
  else d.addEventListener('DOMContentLoaded', mount);
})(window, document);
