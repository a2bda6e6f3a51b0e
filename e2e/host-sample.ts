// A retailer's page script written against public/embed.d.ts (served as /embed.d.ts). Never
// run: `tsc --noEmit -p e2e/tsconfig.json` (in scripts/test) checks that every command and
// event is typed, and each `@ts-expect-error` line proves that a misuse is refused (tsc fails
// when the line it marks has no error).

// The one-line queue from the README, before the loader arrives.
window.patron = window.patron || function () {
  (window.patron.q = window.patron.q || []).push(arguments);
};

// Commands.
patron('boot', { site: 'acme', locale: 'zh-HK', position: 'left', zIndex: 1000, color: '#a4262c', preload: 'idle' });
patron('boot', { memberToken: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' });
patron('boot', { memberToken: null });
patron('boot', { segment: 'vip' });
patron('boot');
patron('open');
patron('open', 'faq');
patron('open', { view: 'points' });
patron('open', { article: 'returns-policy' });
patron('open', { query: 'refund' });
patron('close');
patron('track', 'add_to_cart', { sku: 'KETTLE-1L', quantity: 2, gift: false });
patron('track', 'order_completed');
patron('survey', 'nps-quarterly', { context: { order: 'SO-1001' } });
patron('survey', 'csat-after-contact');
patron('page', location.href);
window.patron('shutdown');

// Events: each listener gets its event's data.
const onReady = (locale: Patron.Locale) => document.documentElement.setAttribute('data-patron', locale);
patron('on', 'ready', onReady);
patron('off', 'ready', onReady);
patron('on', 'open', (data, name) => console.log(name, data));
patron('on', 'close', () => console.log('closed'));
patron('on', 'navigate', (screen) => {
  const where: Patron.Screen = screen;
  console.log(where);
});
patron('on', 'close-request', (data) => {
  const nothing: null = data;
  console.log(nothing);
});
patron('on', 'idle-reset', () => console.log('kiosk reset'));
patron('on', 'survey', (id) => console.log(id.toUpperCase()));
patron('on', 'login-requested', () => document.getElementById('sign-in')?.focus());
patron('on', 'tour', (step) => console.log(step.selector, step.labels.next, step.brand ?? 'no brand'));
const everything: Patron.AnyListener = (data, name) => {
  // The name narrows the data.
  if (name === 'navigate') {
    const screen: Patron.Screen = data;
    console.log(screen);
  } else if (name === 'tour') {
    console.log(data.title);
  }
};
patron('on', '*', everything);
patron('off', '*', everything);

// Misuse, each refused.
// @ts-expect-error: not a command
patron('outbox', '[]');
// @ts-expect-error: not a command
patron('hide');
// @ts-expect-error: not a module
patron('open', 'settings');
// @ts-expect-error: not a corner
patron('boot', { position: 'top' });
// @ts-expect-error: the token is text, or null to sign out
patron('boot', { memberToken: 42 });
// @ts-expect-error a segment is text
patron('boot', { segment: ['vip'] });
// @ts-expect-error: an unknown option
patron('boot', { sitee: 'acme' });
// @ts-expect-error: track needs the event's name
patron('track');
// @ts-expect-error: props are text, numbers or yes/no
patron('track', 'add_to_cart', { items: ['KETTLE-1L'] });
// @ts-expect-error: a survey's context goes under `context`
patron('survey', 'nps-quarterly', { order: 'SO-1001' });
// @ts-expect-error: not an event
patron('on', 'opened', () => {});
// @ts-expect-error: `ready` gives the locale, not a number
patron('on', 'ready', (locale: number) => locale);
// @ts-expect-error: `on` needs a callback
patron('on', 'open');
// @ts-expect-error: not an event
patron('off', 'outbox', () => {});
// @ts-expect-error: shutdown takes nothing
patron('shutdown', { keepMember: true });
