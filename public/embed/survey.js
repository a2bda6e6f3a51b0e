/*! Patron survey hand-off. The panel (embed/panel.js) imports this module when the widget says a
 * survey is due for this customer (`survey` event, data: the survey id): it opens the panel on
 * the Feedback screen, where the survey is shown. The widget closes the panel again once the
 * survey is answered or dismissed, if it was closed before. */
export default function handOff(id, patron) {
  patron('open', 'survey');
}
