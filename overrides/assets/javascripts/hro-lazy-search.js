/* hrosite: load search/search_index.json only when the search box is used.
 *
 * Material 9.8.2 requests the index on every page load over http(s) (bundle.ts:
 * setupSearchWorker subscribes at once unless the page comes from file://). This file runs
 * before Material's bundle and holds that one request back until the search toggle opens,
 * the search field gets focus (keyboard shortcuts open the toggle too), or the address asks
 * for a search (?q=) or a highlight (?h=). Without JavaScript nothing changes. Material
 * fetches the index with XMLHttpRequest (browser/request/index.ts): re-check on upgrade.
 *
 * It also drops Material's request for sitemap.xml beside every <link rel="alternate">
 * (integrations/alternate, for a language selector): this site's alternates are the news
 * feeds, which no link on the page can lead into, so every page would download and parse the
 * whole sitemap for nothing. The request is still sent on a page that has an hreflang
 * alternate or uses instant navigation, the two features that read the sitemap.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var SITEMAP = /\/sitemap\.xml(?:[?#]|$)/;
  var params = new URLSearchParams(window.location.search);
  var released = params.has("q") || params.has("h");
  var waiting = [];
  var watching = false;
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;

  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (run) { run(); });
  }

  function watch() {
    if (watching) return;
    watching = true;
    var toggle = document.getElementById("__search");
    if (toggle) toggle.addEventListener("change", release);
    document.addEventListener("focusin", function (event) {
      var target = event.target;
      if (target && target.closest && target.closest("[data-md-component=search]")) release();
    });
  }

  function sitemapUnused() {
    if (document.querySelector("link[rel=alternate][hreflang]")) return false;
    var config = document.getElementById("__config");
    try {
      return (JSON.parse(config.textContent).features || []).indexOf("navigation.instant") < 0;
    } catch (error) {
      return false;
    }
  }

  proto.open = function (method, url) {
    this.__hroSearchIndex = INDEX.test(String(url));
    this.__hroSitemap = SITEMAP.test(String(url));
    return open.apply(this, arguments);
  };

  proto.send = function () {
    if (this.__hroSitemap && sitemapUnused()) return undefined;   /* never sent, never answered */
    if (released || !this.__hroSearchIndex) return send.apply(this, arguments);
    var request = this;
    var args = arguments;
    waiting.push(function () {
      try {
        send.apply(request, args);
      } catch (error) {
        /* aborted before it was sent: nothing to load */
      }
    });
    watch();
  };
})();
