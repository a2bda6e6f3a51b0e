/*! Patron loader. Add to a page:
 *   <script src="https://PATRON/embed.js" data-site="SITE" async></script>
 * and call patron('boot' | 'open' | 'close' | 'on' | …, …) at any time, even before this file
 * has loaded (the calls are queued). It draws a launcher button and, only when the customer
 * reaches for it, an iframe onto the widget on Patron's own origin. Hand-written, no
 * dependencies; minified at build time and kept under 1.5 KB brotli by the size budget. */
(function (w, d) {
  if (w.patron?.loaded) return;

  // Set while a classic script (async or not, tag managers' too) first runs.
  var script = d.currentScript;
  if (!script) return;
  var ORIGIN = new URL(script.src).origin; // `src` reads as an absolute URL
  var NS = 'patron';
  var LABELS = ['Customer service', '客户服务', '客戶服務']; // en, zh-CN, zh-TW

  var data = script.dataset;
  // Unset options stay undefined (the key must exist for boot to set it): their readers fall
  // back to the defaults (right, hover, the top z-index).
  var cfg = {
    site: data.site,
    locale: data.locale || '',
    position: data.position,
    color: data.color || '#1c1b1f',
    zIndex: 0,
    preload: data.preload
  };
  var memberToken; // kept in memory only; reaches the widget by postMessage, never in a URL
  var listeners = [];
  var outbox = []; // commands waiting for the widget to say it is ready
  var ready = false;
  var isOpen = false;
  var host, root, button, frame, style, wanted;

  function emit(name, data) {
    listeners.forEach(function (l) {
      if (l[0] === name || l[0] === '*') try { l[1](data, name); } catch (e) { reportError(e); }
    });
  }

  // Queues a command (none: just flushes) and sends the queue once the widget is ready.
  function post(name, args) {
    if (name) outbox.push({ ns: NS, type: 'command', name: name, args: args });
    while (ready && outbox.length) frame.contentWindow.postMessage(outbox.shift(), ORIGIN);
  }

  // The booted locale, else the host page's language; the widget negotiates its own.
  function label() {
    var l = cfg.locale || d.documentElement.lang;
    return LABELS[/^zh.(tw|hk|mo)|hant/i.test(l) ? 2 : /^zh/i.test(l) ? 1 : 0];
  }

  function locate() {
    var side = cfg.position === 'left' ? 'left' : 'right';
    style.textContent =
      ':host{all:initial;position:fixed;z-index:' + (+cfg.zIndex || 2147483000) + '}' +
      'button{position:fixed;bottom:20px;' + side + ':20px;width:56px;height:56px;border:0;border-radius:50%;' +
      'background:' + cfg.color + ';color:#fff;box-shadow:0 4px 14px #0004;cursor:pointer;display:grid;place-items:center}' +
      'button:focus-visible{outline:3px solid;outline-offset:3px}' +
      'iframe{position:fixed;bottom:88px;' + side + ':20px;width:380px;height:min(640px,calc(100vh - 108px));border:0;' +
      'border-radius:16px;box-shadow:0 8px 32px #0005;background:#fff;display:none}' +
      'iframe.open{display:block}' +
      '@media (max-width:480px){iframe{inset:0;width:100%;height:100%;border-radius:0}iframe.open+button{display:none}}';
  }

  function mount() {
    if (host || !d.body) return;
    host = d.createElement('patron-widget');
    root = host.attachShadow({ mode: 'open' });
    style = d.createElement('style');
    button = d.createElement('button');
    button.ariaExpanded = 'false';
    // The button's aria-label names it, so its icon needs no text of its own.
    button.innerHTML = '<svg width="28" height="28" viewBox="0 0 24 24"><path d="M4 5h16v11H9l-5 4z" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
    button.onclick = function () { isOpen ? close() : open(); };
    // Fetch the widget as soon as the customer reaches for it, not before.
    button.onpointerenter = button.onfocus = function () { if (cfg.preload !== 'none') createFrame(); };
    root.append(style, button);
    locate();
    relabel();
    d.body.appendChild(host);
    // Unsent survey answers start the widget, to send them.
    try { wanted ||= localStorage.patronOutbox; } catch (e) {}
    if (wanted || cfg.preload === 'idle') (w.requestIdleCallback || setTimeout)(createFrame);
  }

  // Only once mounted: the button exists.
  function relabel() {
    button.ariaLabel = label();
    if (frame) frame.title = label();
  }

  // The widget's iframe, hidden until opened. Without a body to mount on yet, `mount` creates it
  // later, as soon as it can.
  function createFrame() {
    wanted = 1;
    mount();
    if (frame || !cfg.site || !host) return;
    // The widget's anonymous device id (`<uuid>_<created ms>`), kept in this page's storage:
    // browsers deny storage to third-party iframes, so the widget could not keep it itself.
    // Random, and no member data.
    var device = '', unsent;
    try {
      device = localStorage.patronDevice ||= crypto.randomUUID() + '_' + Date.now();
      unsent = localStorage.patronOutbox;
    } catch (e) {}
    frame = d.createElement('iframe');
    frame.src = ORIGIN + '/widget/?' + new URLSearchParams({
      site: cfg.site, mode: 'embed', host: location.origin, locale: cfg.locale, device: device
    });
    frame.referrerPolicy = 'origin';
    relabel();
    root.insertBefore(frame, button);
    // Survey answers the widget could not send yet, kept here for the same reason.
    if (unsent) post('outbox', [unsent]);
  }

  function open(view) {
    createFrame();
    if (!frame) return;
    frame.className = 'open';
    button.ariaExpanded = 'true';
    if (!isOpen) { isOpen = true; emit('open'); }
    post('open', [view]); // [undefined] reads as no view
    frame.focus();
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    frame.className = '';
    button.ariaExpanded = 'false';
    if (d.activeElement === host) button.focus();
    post('close', []);
    emit('close');
  }

  w.addEventListener('message', function (e) {
    var m = e.data;
    // Only our own iframe, from Patron's origin, speaking our namespace.
    if (!frame || e.source !== frame.contentWindow || e.origin !== ORIGIN || m?.ns !== NS || m.type !== 'event') return;
    if (m.name === 'ready') {
      ready = true;
      post();
    } else if (m.name === 'close-request') {
      close();
    } else if (m.name === 'survey') {
      open('survey');
    } else if (m.name === 'outbox') {
      try { localStorage.patronOutbox = m.data; } catch (e) {}
    } else if (m.name === 'tour') {
      // A guide step points at something on this page: fetch the tour code now (pages without
      // tours never do); it hides the panel while it shows and reopens the guide after.
      import(ORIGIN + '/embed/tour.js').then(function (t) { t.default(m.data, post, open, close); });
    }
    emit(m.name, m.data);
  });

  function command(name, ...args) {
    var a = args[0];
    if (name === 'boot') {
      a = a || {};
      for (var k in cfg) if (a[k] != null) cfg[k] = String(a[k]);
      if ('memberToken' in a) memberToken = a.memberToken;
      if (style) { locate(); relabel(); }
      mount();
      // `null` signs the member out; never booted with one (undefined) leaves the widget as it is.
      post('boot', [{ locale: cfg.locale || null, memberToken: memberToken && String(memberToken) }]);
    } else if (name === 'open') open(a);
    else if (name === 'close') close();
    else if (name === 'on') { if (typeof args[1] === 'function') listeners.push(args); }
    // Anything else is for the widget (track, survey, page): it must be running to act on it.
    else { createFrame(); post(name, args); }
  }

  var queued = w.patron?.q || [];
  (w.patron = (...call) => command(...call)).loaded = true;
  queued.forEach((call) => command(...call));
  if (d.body) mount();
  else d.addEventListener('DOMContentLoaded', mount);
})(window, document);
