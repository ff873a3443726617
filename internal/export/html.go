package export

// The HTML export's stylesheet. The page itself is laid out by NewPage
// (page.go) and rendered with templ by views/exportpage.

// css is the page's style. Overlapping claims are nested <mark>s, and each
// mark's band class (b0 to b4, see internal/highlight) gives it padding above and below
// its text: a claim that wraps others gets more than they do, so its colour
// shows as a band above and below them wherever they overlap, and an inner
// claim is underlined. A mark's line-height is just tall enough for its
// padding, so that lines holding deeply nested claims grow rather than the
// bands of one line covering the next. Print keeps the colours, prints link
// targets and keeps each appendix entry on one page.
const css = `body{margin:2rem auto;max-width:46rem;padding:0 1rem;font:17px/1.6 Georgia,"Times New Roman",serif;color:#1a1a1a;background:#fff}
header .meta{font:14px/1.5 system-ui,sans-serif;color:#555;margin:.2rem 0}
.kicker{font:600 12px/1.4 system-ui,sans-serif;letter-spacing:.08em;text-transform:uppercase;color:#666;margin:0}
h1{font-size:1.9rem;line-height:1.2;margin:.4rem 0 .6rem}
a{color:#0b4f8a}
.legend{font:13px/1.4 system-ui,sans-serif;border:1px solid #ddd;border-radius:4px;padding:.5rem .75rem;margin:1.5rem 0}
.legend h2{font-size:13px;margin:0 0 .3rem}
.legend ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.2rem}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid rgba(0,0,0,.25);vertical-align:-.1em;margin-right:.35em}
.article{line-height:2.1}
.article h2,.article h3,.article h4,.article h5,.article h6{line-height:1.4}
mark{color:inherit;-webkit-box-decoration-break:clone;box-decoration-break:clone;padding:.1em 0;line-height:1.6}
mark.b1{padding:.35em 0;line-height:2.1}
mark.b2{padding:.6em 0;line-height:2.6}
mark.b3{padding:.85em 0;line-height:3.1}
mark.b4{padding:1.1em 0;line-height:3.6}
mark mark{box-shadow:inset 0 -1px 0 rgba(0,0,0,.35)}
sup.ref{font:700 .68em system-ui,sans-serif;line-height:0;margin:0 .1em}
sup.ref a{text-decoration:none}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid #ccc;color:#333}
pre{white-space:pre-wrap;font:15px/1.6 ui-monospace,Menlo,Consolas,monospace}
.unplaced{font:14px/1.5 system-ui,sans-serif;color:#8a1c1c}
.claims{margin-top:2.5rem;border-top:2px solid #1a1a1a}
.claim{border-bottom:1px solid #ddd;padding:.9rem 0}
.claim h3{font:600 1rem/1.4 system-ui,sans-serif;margin:0 0 .5rem}
.verdict{padding:.1em .45em;border-radius:3px}
.kind{font-weight:400;color:#555}
.claim .exact{margin:.4rem 0}
.statement{font-weight:600;margin:.4rem 0}
.claim dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;font:14px/1.5 system-ui,sans-serif;margin:.5rem 0}
.claim dt{font-weight:600;color:#555}
.claim dd{margin:0}
.claim .sources{font:14px/1.5 system-ui,sans-serif}
.claim .sources h4{font-size:14px;margin:.5rem 0 0}
.snapshot{color:#555}
.snapshot code{font-size:12px;word-break:break-all}
.claim ul{margin:0;padding-left:1.1rem}
.role,.rel{color:#555}
.excerpt{font-size:13px;margin:.3rem 0}
.note,.excerpt,.reason{white-space:pre-line}
.orphan{color:#8a1c1c}
.dates,.updated{font:13px/1.5 system-ui,sans-serif;color:#555;margin:.3rem 0}
.updated{color:#8a1c1c;font-weight:600}
.back{font:13px system-ui,sans-serif;margin:.4rem 0 0}
@media print{
body{max-width:none;margin:0;font-size:11pt}
mark,.verdict,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.claim,.legend{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
a{color:inherit}
a[href^="http"]:not(.bare)::after{content:" <" attr(href) ">";font-size:.85em;word-break:break-all}
.back{display:none}
}
`

// internalCSS marks the internal edition: a notice on screen, and on paper
// the same words in the top and bottom margin of every page (CSS Paged
// Media margin boxes, which Chromium, Firefox and print engines honour).
const internalCSS = `.internal-notice{font:700 14px/1.4 system-ui,sans-serif;color:#fff;background:#8a1c1c;padding:.4rem .75rem;border-radius:4px;text-align:center;letter-spacing:.04em}
@page{margin:2cm 1.6cm;@top-center{content:"` + InternalNotice + `";font:700 9pt system-ui,sans-serif;color:#8a1c1c}@bottom-center{content:"` + InternalNotice + ` · page " counter(page);font:700 9pt system-ui,sans-serif;color:#8a1c1c}}
@media print{.internal-notice{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`
