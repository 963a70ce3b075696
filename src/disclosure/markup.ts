/** Characters XML 1.0 does not allow at all (controls other than tab, newline, carriage return). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Text for an XML or HTML element or attribute (the Atom feed, the public pages): invalid
 * characters dropped, markup characters escaped, so a notice's or an objection's text is never markup.
 */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
