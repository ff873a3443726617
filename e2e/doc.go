// Package e2e holds factmark's browser tests: each starts the real router
// on a fresh database, drives a headless Chromium through it with chromedp
// and checks what an editor would see. They need Chromium (or
// $FACTMARK_CHROMIUM); without one they are skipped, unless $CI is set, when
// they fail instead.
package e2e
