/**
 * Patron's host API: `window.patron`, defined by `https://PATRON/embed.js` (and by the one-line
 * queue that may come before it). This file is served as `https://PATRON/embed.d.ts`; save it
 * in your project and reference it (`/// <reference path="./patron.d.ts" />`, or list it in
 * `tsconfig.json`'s `files`), then `patron(…)` and `window.patron(…)` are checked.
 *
 * Every call returns nothing and may be made before the loader has arrived (it is queued).
 */
declare namespace Patron {
  /** The locales the widget speaks. */
  type Locale = 'zh-CN' | 'zh-TW' | 'en';

  /** The panel's modules, each a screen of its own. */
  type Module = 'faq' | 'onboarding' | 'survey' | 'points';

  /** Where the customer is in the panel. */
  type Screen = 'home' | Module;

  /** `patron('boot', options)`: who and where. Each option left out stays as it was. */
  interface BootOptions {
    /** The site id (also `data-site` on the script tag). */
    site?: string;
    /**
     * `zh-CN`, `zh-TW` or `en`; any BCP 47 tag is mapped (`zh-HK` → `zh-TW`), and one the site
     * does not offer leaves the widget in the language it speaks. Unset: the page's `lang`.
     */
    locale?: Locale | (string & {});
    /**
     * The member's token (an HS256 JWT signed by your backend); `null` signs the member out.
     * It reaches the widget by postMessage only, never in a URL, and is kept in memory only.
     */
    memberToken?: string | null;
    /**
     * The customer's segment in your shop (`vip`, `b2b:wholesale`: 1 to 64 letters, digits,
     * `_`, `-`, `.` or `:`), for surveys aimed at segments (`audience.segments` in
     * surveys.yaml). Kept until the next `boot` that gives another.
     */
    segment?: string;
    /** The launcher's corner. Default `right`. */
    position?: 'left' | 'right';
    /** The launcher's and panel's z-index. Default 2147483000. */
    zIndex?: number;
    /** The launcher's colour, a CSS colour. Default `#1c1b1f`. */
    color?: string;
    /**
     * When the widget is fetched: `hover` (default; the customer hovers, focuses or clicks the
     * launcher), `idle` (once the browser is idle) or `none` (only when clicked or asked).
     */
    preload?: 'hover' | 'idle' | 'none';
  }

  /** `patron('open', options)`: what the panel opens on. */
  interface OpenOptions {
    view?: Module;
    /** An FAQ article id (opens it in Help). */
    article?: string;
    /** An FAQ search (opens Help with its results). */
    query?: string;
  }

  /**
   * Facts about the page's event or a survey's context: text, number or yes/no values under
   * keys of letters, digits, `_`, `-` and `.`. They travel with a survey answer.
   */
  type Props = Record<string, string | number | boolean>;

  /** `patron('survey', id, options)`. */
  interface SurveyOptions {
    context?: Props;
  }

  /** One step of a guide's tour on the page, its words already translated. */
  interface TourStep {
    /** A CSS selector for the element on the page. */
    selector: string;
    title: string;
    text: string;
    /** The step id. */
    step: string;
    /** Whether it is the guide's first step (no "Previous"). */
    first: boolean;
    /** The site's brand colour for the main button. */
    brand?: string;
    labels: { back: string; next: string; close: string; count: string };
  }

  /** Each event's name and its data (the first argument of a listener). */
  interface Events {
    /** The panel opened. */
    open: undefined;
    /** The panel closed. */
    close: undefined;
    /** The widget has started, speaking this locale. */
    ready: Locale;
    /** The customer moved to another screen. */
    navigate: Screen;
    /** The customer pressed close or Escape (the loader closes the panel). */
    'close-request': null;
    /** A kiosk went back to its start after nobody touched it (kiosk mode only). */
    'idle-reset': null;
    /** A survey (this id) is due: the panel opens on it. */
    survey: string;
    /** "Sign in" in My points: show your sign-in, then `patron('boot', {memberToken})`. */
    'login-requested': null;
    /** A guide step points at something on this page: the loader's tour shows it. */
    tour: TourStep;
  }

  type EventName = keyof Events;

  /** A listener for one event. */
  type Listener<N extends EventName> = (data: Events[N], name: N) => void;

  /**
   * A listener for every event (`'*'`). Its arguments are one of the pairs, so checking `name`
   * narrows `data`: `(data, name) => { if (name === 'navigate') data; // Screen }`.
   */
  type AnyListener = (...event: { [N in EventName]: [data: Events[N], name: N] }[EventName]) => void;

  interface Api {
    /** Sets who and where (see `BootOptions`); the launcher appears if it had not. */
    (command: 'boot', options?: BootOptions): void;
    /** Opens the panel, on its home screen or the given module, article or search. */
    (command: 'open', view?: Module | OpenOptions): void;
    /** Closes the panel. */
    (command: 'close'): void;
    /** Calls `callback(data, name)` for each `event` from now on. */
    <N extends EventName>(command: 'on', event: N, callback: Listener<N>): void;
    /** Calls `callback(data, name)` for every event from now on. */
    (command: 'on', event: '*', callback: AnyListener): void;
    /** Removes a listener added with `on` (the same event name and the same function). */
    <N extends EventName>(command: 'off', event: N, callback: Listener<N>): void;
    (command: 'off', event: '*', callback: AnyListener): void;
    /**
     * Something happened on the page (`add_to_cart`, `order_completed`, …): a survey with that
     * event as its trigger may be due, and guide steps waiting for it are ticked off.
     */
    (command: 'track', event: string, props?: Props): void;
    /** Asks for one survey by id; it shows only if due for this customer. */
    (command: 'survey', id: string, options?: SurveyOptions): void;
    /** The page's address, for surveys triggered by page or time on page (only its path is used). */
    (command: 'page', url: string): void;
    /**
     * Removes the launcher and the panel, and forgets the member token, the listeners and the
     * calls still waiting. The next call (`boot`) starts again from the site, locale and look
     * set so far.
     */
    (command: 'shutdown'): void;
    /** The calls the one-line queue kept before the loader arrived. */
    q?: ArrayLike<unknown>[];
    /** Set once the loader runs. */
    loaded?: boolean;
  }
}

/** Patron's host API (`window.patron`). */
declare var patron: Patron.Api;
