/* hrosite: start Material's search worker through workers/hro-search-worker.js, which lets a sentence
 * such as 剛結婚要去戶政事務所辦什麼 find pages (see that file). Runs before Material's bundle;
 * Material creates its worker with `new Worker(url)` (integrations/search/worker/_/index.ts,
 * 9.8.2): only that address is replaced, every other worker starts as asked. Without
 * JavaScript nothing changes. Re-check on upgrade.
 */
(function () {
  "use strict";
  var Native = window.Worker;
  if (!Native) return;
  var MATERIAL = /\/assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var here = document.currentScript && document.currentScript.src;

  function HroWorker(url, options) {
    var address = new URL(String(url), document.baseURI);
    if (here && MATERIAL.test(address.pathname)) {
      var wrapper = new URL("workers/hro-search-worker.js", here);
      wrapper.searchParams.set("material", address.href);
      return new Native(wrapper.href, options);
    }
    return new Native(url, options);
  }
  HroWorker.prototype = Native.prototype;
  window.Worker = HroWorker;
})();
