// Package render loads pages in headless Chromium, for sites that send an
// empty shell and build the article with JavaScript: a page the crawler
// already fetched goes in, the rendered DOM (HTML) comes out, for the same
// extraction as any page. It is driven with github.com/chromedp/chromedp
// over a pipe (no debugging port) and runs the Chromium that is installed
// (Debian's chromium package; Find): no browser is ever downloaded.
//
//   - browser.go: Options, Browser (one process per run, started on first
//     use and again after a crash or a hang), the flags, Stats, Close.
//   - render.go: Page, PageOptions, Result and Render: a tab of the pool
//     per page, the navigation, the wait for the DOM to settle (network
//     idle or a selector, within the page's timeout), the HTML.
//   - intercept.go: every request of the page, answered by us: the
//     document with the static response, subrequests refused or fetched
//     through the Fetcher.
//   - site.go: what "the page's own site" is (the registrable domain).
//   - wall.go: the proxy wall, the second line behind interception.
//   - errors.go: Error, Reason (render-timeout, render-crashed,
//     render-failed) and ErrNoChromium.
//   - find.go: Find, which names the package to install when there is no
//     Chromium.
//
// # The browser opens no connection of its own
//
// Fetch-domain interception is on for every request of the page's tab,
// before it is sent. The page's own document request is answered with the
// response the crawler fetched (so robots.txt, politeness and the
// private-address guard applied to it exactly as to a static fetch). Every
// other request is refused (FailRequest, BlockedByClient) when it is not
// http or https, when its resource type is blocked (images, fonts and
// media by default; the tab's favicon counts as an image), when its host is
// not on the page's site (same registrable domain; same host and port for
// an IP address or a name without one), when AllowHost refuses it, or when
// no Fetcher is given; otherwise it is fetched by the Fetcher, newsnorm's
// own guarded client, which refuses private addresses at connect time, and
// answered with that response (bodies above MaxBodyBytes are refused).
// Result.Refused counts the refusals by reason. Redirects the Fetcher
// returns are followed by the browser and checked again hop by hop.
//
// What interception does not see: WebSockets, requests of service workers
// (the tab bypasses service workers, and popups are blocked), of other
// targets (a popup that gets through, a cross-site iframe: its document is
// refused off-site anyway), and Chromium's own background requests
// (component updates, sign-in). For these, Chromium runs with
// --proxy-server pointing at a loopback listener of ours that answers
// nothing (the wall), with --proxy-bypass-list=<-loopback> so that
// loopback goes to it too, and with --host-resolver-rules mapping every
// name but the wall's address to "not found": anything that escapes
// interception fails instead of reaching the network, and Stats.Escaped
// counts it. Not covered: a Chromium bug that ignores its proxy settings,
// and DNS-free direct connections if the wall's listener were gone (it
// lives as long as the Browser).
//
// # Failures
//
// A page that cannot be rendered is an *Error with a Reason the crawler
// records: render-timeout (not settled within PageTimeout, or the
// WaitSelector never matched), render-crashed (the browser or the page's
// renderer died; the browser is restarted for the next page), or
// render-failed. A tab that does not close within 10s, or whose closing
// fails, gets the browser restarted too. The run never stops for a page.
package render
