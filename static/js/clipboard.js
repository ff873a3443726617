// Pasting from a web page: the clipboard's text/html keeps the page's
// structure (headings, quotes, lists, links), which its plain text loses.
// The import page and the workspace's New revision form both send it to
// the server, which extracts the article from it as from a fetched page.

/**
 * The HTML and plain text of a paste event, and the address the HTML was
 * copied from when the browser gives it (the clipboard format's
 * SourceURL: header); null when the paste holds no HTML.
 */
export function pastedPage(ev) {
  if (!ev.clipboardData) return null;
  const html = ev.clipboardData.getData('text/html');
  if (!html || !html.trim()) return null;
  return { html, text: ev.clipboardData.getData('text/plain'), source: sourceURL(html) };
}

/**
 * The address the clipboard's HTML was copied from, when the browser put
 * the clipboard format's header in (SourceURL:), else ''.
 */
function sourceURL(html) {
  const head = html.slice(0, 600);
  if (!head.startsWith('Version:')) return '';
  const m = /^SourceURL:(https?:\/\/\S+)$/m.exec(head);
  return m ? m[1] : '';
}
