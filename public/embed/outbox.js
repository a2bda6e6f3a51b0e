/*! Patron survey outbox, the shop's side. Survey answers not sent yet (offline, a server
 * error) must outlive a reload. The widget keeps them in its own storage where the browser
 * gives its iframe one (partitioned storage), and only tells us *that* some wait ("[]"), so
 * the next page load starts it to send them. Where the browser gives the iframe no storage,
 * it hands us the answers themselves (JSON text: score, comment, context; never the member
 * token) to keep in this page's localStorage, and takes them back when started. Either way
 * they stay between the shop's storage and the widget: the loader never passes them to the
 * page's `patron('on', …)` listeners.
 *
 * The loader imports this module when it finds `patronOutbox` in storage on a page load
 * (`list` undefined: start the widget with it), the panel when the widget's `outbox` event
 * says what waits ("" when nothing does). */
export default function keep(list, patron) {
  try {
    if (list == null) patron('outbox', localStorage.patronOutbox);
    else if (list) localStorage.patronOutbox = list;
    else localStorage.removeItem('patronOutbox');
  } catch (e) {
    // No storage on the shop's page either: the answers wait in the widget's memory.
  }
}
