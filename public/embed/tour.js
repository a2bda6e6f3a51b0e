/*! Patron host-page tour. The panel (embed/panel.js) imports this module only when a guide step
 * asks to point at something on the retailer's page, so pages that never run a tour never
 * download it. It draws, in its own shadow root (host CSS cannot reach it): a spotlight around
 * the element (the rest of the page dimmed), the step's bubble beside it with Back / Next /
 * Close, kept in place on scroll and resize. Escape closes; focus goes to the bubble and returns
 * where it was. The widget owns the steps and the words (already translated); this file only
 * shows one step at a time and reports what the customer chose. */

var host, root, spot, bubble, target, returnFocus, patron, step, onMove;

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

var CSS =
  ':host{all:initial}' +
  '.spot{position:fixed;border-radius:8px;box-shadow:0 0 0 4px #fff,0 0 0 9999px rgba(0,0,0,.55);pointer-events:none;transition:all .2s}' +
  // Light or dark as the device prefers, unless the site forces one (s.scheme: the bubble's
  // class); no movement for those who ask for less.
  '.bubble{color-scheme:light dark;position:fixed;max-width:min(320px,calc(100vw - 24px));box-sizing:border-box;' +
  'background:light-dark(#fff,#2b2930);color:light-dark(#1f2328,#e6e1e9);' +
  'border-radius:12px;padding:16px;box-shadow:0 8px 32px rgba(0,0,0,.35);font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}' +
  '.bubble.light{color-scheme:light}.bubble.dark{color-scheme:dark}' +
  '.bubble:focus{outline:none}.count{font-size:13px;color:light-dark(#57606a,#bdb7c4);margin:0 0 4px}' +
  'h2{font-size:16px;margin:0 0 6px}p{margin:0 0 12px}.row{display:flex;gap:8px;flex-wrap:wrap}' +
  'button{font:inherit;min-height:40px;padding:6px 14px;border-radius:8px;border:1px solid #8c959f;background:inherit;color:inherit;cursor:pointer}' +
  'button.next{background:var(--brand,#1c1b1f);border-color:var(--brand,#1c1b1f);color:#fff}' +
  'button:focus-visible{outline:3px solid #1a5fd1;outline-offset:2px}.close{margin-left:auto}' +
  '@media (prefers-reduced-motion:reduce){.spot{transition:none}}';

/** Puts the spotlight on the target and the bubble below it, or above when there is no room. */
function place() {
  if (!target || !target.isConnected) return close('missing');
  var r = target.getBoundingClientRect();
  var pad = 6;
  spot.style.left = r.left - pad + 'px';
  spot.style.top = r.top - pad + 'px';
  spot.style.width = r.width + 2 * pad + 'px';
  spot.style.height = r.height + 2 * pad + 'px';
  var b = bubble.getBoundingClientRect();
  var vw = innerWidth, vh = innerHeight, gap = 14;
  var top = r.bottom + gap + b.height <= vh ? r.bottom + gap : Math.max(12, r.top - gap - b.height);
  var left = Math.min(Math.max(12, r.left), vw - b.width - 12);
  bubble.style.top = top + 'px';
  bubble.style.left = Math.max(12, left) + 'px';
}

function key(e) {
  if (e.key === 'Escape') { e.stopPropagation(); close('close'); }
}

/** Removes everything this file added to the page; `why` goes to the widget. */
function close(why) {
  if (!host) return;
  removeEventListener('scroll', onMove, true);
  removeEventListener('resize', onMove);
  removeEventListener('keydown', key, true);
  host.remove();
  host = target = null;
  if (returnFocus && returnFocus.focus) returnFocus.focus();
  // The guide in the panel takes over again: the next step, or the step's text if its element
  // is gone.
  if (why) {
    patron('open', 'onboarding');
    patron('tour', why + ' ' + step.step);
  }
}

/**
 * Answers the widget with `patron('tour', '<action> <step id>')`, action one of `next`,
 * `back`, `close`, `missing`.
 *
 * Shows `s`: `{selector, title, text, step, first, brand, scheme, labels: {back, next, close,
 * count}}` (`scheme`: `light` or `dark` when the site forces one)
 * (`s.hide`: just remove the tour, as `patron('shutdown')` does). The loader passes the page's
 * `patron` call (the panel is closed while the page is pointed at, and opened again after) and
 * its `sheet(root, css)`, which styles a shadow root even where the page's
 * Content-Security-Policy refuses inline style.
 * Answers 'missing' at once when the selector matches nothing (or is not a selector at all),
 * so the widget can show the step's text in its panel instead.
 */
export default function show(s, call, sheet) {
  patron = call;
  if (host) close();
  step = s;
  if (!s || s.hide) return;
  try {
    target = document.querySelector(s.selector);
  } catch (e) {
    target = null;
  }
  if (!target) return patron('tour', 'missing ' + s.step);
  patron('close');
  returnFocus = document.activeElement;

  host = el('patron-tour');
  host.style.cssText = 'position:fixed;inset:0;z-index:2147483001;pointer-events:none';
  root = host.attachShadow({ mode: 'open' });
  spot = el('div', 'spot');
  bubble = el('div', 'bubble ' + (s.scheme || ''));
  bubble.style.pointerEvents = 'auto';
  if (s.brand) bubble.style.setProperty('--brand', s.brand);
  bubble.setAttribute('role', 'dialog');
  bubble.setAttribute('aria-modal', 'false');
  bubble.setAttribute('aria-labelledby', 'patron-tour-title');
  bubble.tabIndex = -1;
  var L = s.labels || {};
  var title = el('h2', null, s.title);
  title.id = 'patron-tour-title';
  if (L.count) bubble.append(el('p', 'count', L.count));
  bubble.append(title, el('p', null, s.text));
  var row = el('div', 'row');
  function button(cls, label, action) {
    var b = el('button', cls, label);
    b.type = 'button';
    b.onclick = function () { close(action); };
    row.append(b);
    return b;
  }
  if (!s.first) button('back', L.back, 'back');
  var next = button('next', L.next, 'next');
  button('close', L.close, 'close').setAttribute('aria-label', L.close);
  bubble.append(row);
  sheet(root, CSS);
  root.append(spot, bubble);
  document.body.append(host);

  target.scrollIntoView({ block: 'center', behavior: 'instant' }); // never smooth: no motion
  onMove = function () { requestAnimationFrame(place); };
  addEventListener('scroll', onMove, true);
  addEventListener('resize', onMove);
  addEventListener('keydown', key, true);
  place();
  next.focus();
}
