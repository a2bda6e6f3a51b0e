// The one-line queue from the README, as a file of the shop's own: a page whose policy allows
// no inline script loads it with <script src> before the loader.
window.patron = window.patron || function () { (window.patron.q = window.patron.q || []).push(arguments); };
