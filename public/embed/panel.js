/*! Patron panel. The loader (embed.js) imports this module when the widget is first needed:
 * the customer reaches for the launcher (hover, focus, click), the page asks the widget
 * something (open, track, survey, page), answers wait to be sent, or `data-preload="idle"`.
 * Pages where none of that happens never download it. It puts the widget's iframe (Patron's
 * own origin) beside the launcher, opens and closes it, carries commands in and events out by
 * postMessage, and keeps the page's `patron('on', …)` listeners. */

/**
 * Starts the panel in the loader's shadow root and returns what it does with each call,
 * `(name, args)`. `cfg` is the loader's configuration (read live: boot changes it), `label()`
 * the launcher's name in `cfg.locale`, `patron` the page's call and `sheet` the loader's
 * styler, both handed on to the extensions.
 */
export default function start(cfg, host, root, button, label, patron, sheet) {
  var ORIGIN = new URL(import.meta.url).origin;
  var NS = 'patron';
  var listeners = [];
  var queue = []; // commands waiting for the widget to say it is ready
  var loaded = {}; // the extensions imported, by name
  var ready, isOpen, memberToken, segment, covered, overflow;
  var inerted = []; // the page's elements this panel made inert
  // Where the loader's stylesheet makes the panel cover the screen (a phone).
  var narrow = matchMedia('(max-width:480px)');
  var viewport = visualViewport;
  var page = document.documentElement.style;

  function emit(name, data) {
    listeners.forEach(function (l) {
      if (l[0] === name || l[0] === '*') try { l[1](data, name); } catch (e) { reportError(e); }
    });
  }

  // Queues a command (none: just flushes) and sends the queue once the widget is ready.
  function post(name, args) {
    if (name) queue.push({ ns: NS, type: 'command', name: name, args: args });
    while (ready && queue.length) frame.contentWindow.postMessage(queue.shift(), ORIGIN);
  }

  // The extension /embed/<name>.js (a sibling of this file) shows `data`.
  function extension(name, data) {
    import('./' + name + '.js').then(function (x) { (loaded[name] = x).default(data, patron, sheet); });
  }

  // While the panel covers the screen, the page behind it neither scrolls nor takes focus
  // (its elements are inert; the widget keeps Tab inside the panel). Undone on close, on
  // shutdown and when the screen widens (a phone turned, a window resized).
  function cover() {
    var on = !!(isOpen && narrow.matches);
    if (on != !!covered) {
      covered = on;
      if (on) {
        overflow = page.overflow;
        page.overflow = 'hidden';
        inerted = [...document.body.children].filter(function (e) { return e !== host && !e.inert; });
      } else page.overflow = overflow;
      inerted.forEach(function (e) { e.inert = on; });
    }
    fit();
  }

  // An on-screen keyboard shrinks the visual viewport, not the layout one the panel is sized
  // by: end the panel at the keyboard, so the widget can keep the focused field in sight.
  // Covering the screen, the panel keeps clear of the notch and the home indicator (env() is
  // this page's: a frame's own insets are zero).
  function fit() {
    var s = frame.style, v = viewport;
    s.top = s.height = '';
    s.boxSizing = 'border-box';
    s.padding = covered ? 'env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)' : '';
    if (covered && v && v.height < innerHeight) {
      s.top = v.offsetTop + 'px';
      s.height = v.height + 'px';
    }
  }
  narrow.onchange = cover;
  viewport?.addEventListener('resize', fit);
  viewport?.addEventListener('scroll', fit);

  function open(view) {
    frame.className = 'open';
    frame.inert = false;
    button.ariaExpanded = 'true';
    if (!isOpen) { isOpen = true; emit('open'); }
    cover();
    post('open', [view]); // [undefined] reads as no view
    frame.focus();
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    frame.className = '';
    button.ariaExpanded = 'false';
    cover();
    if (document.activeElement === host) button.focus();
    post('close', []);
    emit('close');
  }

  function relabel() {
    button.ariaLabel = frame.title = label();
  }

  function onMessage(e) {
    var m = e.data, name = m?.name;
    // Only our own iframe, from Patron's origin, speaking our namespace.
    if (e.source !== frame.contentWindow || e.origin !== ORIGIN || m.ns !== NS || m.type !== 'event') return;
    if (name === 'ready') {
      ready = true;
      // The launcher speaks the panel's language.
      cfg.locale = m.data;
      relabel();
      post();
    } else if (name === 'close-request') {
      close();
    } else if (/^(survey|tour|outbox)$/.test(name)) {
      // A survey is due (the panel opens on it), a guide step points at something on this
      // page, or the survey answers waiting to be sent changed.
      extension(name, m.data);
    }
    // Unsent answers (comments, order numbers) are the customer's, not the page's listeners'.
    if (name !== 'outbox') emit(name, m.data);
  }
  addEventListener('message', onMessage);

  // The widget's anonymous device id (`<uuid>_<created ms>`), kept in this page's storage:
  // browsers may deny storage to third-party iframes, so the widget could not keep it itself.
  // Random, and no member data.
  var device = '';
  try { device = localStorage.patronDevice ||= crypto.randomUUID() + '_' + Date.now(); } catch (e) {}
  var frame = document.createElement('iframe');
  frame.src = ORIGIN + '/widget/?' + new URLSearchParams({
    site: cfg.site, mode: 'embed', host: location.origin, locale: cfg.locale, device: device
  });
  frame.referrerPolicy = 'origin';
  // A coupon's "Copy code" writes to the clipboard, which a cross-origin frame may do only
  // when its embedder allows it.
  frame.allow = 'clipboard-write';
  // Until the widget paints, the frame shows the device's light or dark canvas, not white.
  frame.style.colorScheme = 'light dark';
  frame.style.background = 'Canvas';
  relabel();
  root.insertBefore(frame, button);

  return function (name, args) {
    var a = args?.[0];
    if (name === 'boot') {
      a = a || {};
      if ('memberToken' in a) memberToken = a.memberToken;
      if (a.segment) segment = String(a.segment);
      relabel();
      // `null` signs the member out; never booted with one (undefined) leaves the widget as it is.
      post('boot', [{ locale: cfg.locale || null, memberToken: memberToken && String(memberToken), segment: segment }]);
    } else if (name === 'open') open(a);
    // The customer reached for the launcher (or the page preloads at idle): until its first
    // open, the frame is drawn unseen (the loader's `primed` style), so opening only shows what
    // is ready; inert meanwhile (no focus, no pointer, nothing read aloud). A widget started by
    // the page alone (track, survey) stays undrawn.
    else if (name === 'prime') { if (isOpen == null) { frame.className = 'primed'; frame.inert = true; } }
    else if (name === 'close') close();
    else if (name === 'on') { if (typeof args[1] === 'function') listeners.push(args); }
    else if (name === 'off') listeners = listeners.filter(function (l) { return l[0] !== a || l[1] !== args[1]; });
    else if (name === 'shutdown') {
      // The loader removes the launcher and this iframe; nothing of the member stays here.
      removeEventListener('message', onMessage);
      isOpen = false;
      cover();
      loaded.tour?.default({ hide: 1 });
      listeners = [];
      queue = [];
      memberToken = undefined;
    }
    // Anything else is for the widget (track, survey, page): it acts on it once ready.
    else post(name, args);
  };
}
