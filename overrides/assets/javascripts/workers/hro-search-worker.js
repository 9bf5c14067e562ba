/* hrosite: Material 9.8.2's search worker, wrapped so that a sentence finds pages.
 *
 * Material segments a Chinese query greedily into the longest words its index knows
 * (integrations/search/query/segment/index.ts) and stops at the first character where no
 * indexed word starts: 剛結婚要去戶政事務所辦什麼 starts with such a character, so the whole
 * sentence became one unknown word and nothing was found. This wrapper runs Material's worker
 * unchanged and only rewrites the query text before Material sees it: each run of Han
 * characters is cut where Material's segmenter would stop, the characters no indexed word
 * starts with are dropped, and the pieces are separated by spaces. Each piece is then searched
 * exactly as Material searches it alone, and lunr combines the pieces as optional terms: pages
 * matching more of them, and in titles and keywords (the field boosts of hrosite/search/index.py),
 * rank first. A query Material segments without stopping is passed on unchanged.
 *
 * Beside Material's worker, so that its relative imports (../lunr) resolve the same. Loaded
 * by hro-search-sentences.js in place of Material's worker, with Material's worker
 * address as ?material=. Re-check on upgrade: the message types (SETUP 0, QUERY 2), lunr's
 * global `lunr` and Index.invertedIndex, and segment() copied below.
 */
(function () {
  "use strict";
  var QUERY = 2;
  var HAN = /\p{sc=Han}+/gu;
  var material = new URL(self.location.href).searchParams.get("material");
  var vocabulary = null;   // lunr's inverted index, once Material has built it
  var rewritten = new WeakSet();

  /* Where Material's segment() stops in `run`: the length of the part it searches (the whole
     run when it does not stop), and 0 when no indexed word starts at the first character. */
  function covered(run) {
    var cuts = new Uint16Array(run.length);
    for (var i = 0; i < run.length; i++)
      for (var j = i + 1; j < run.length; j++)
        if (run.slice(i, j) in vocabulary) cuts[i] = j - i;
    if (!cuts[0]) return 0;
    var p = 0;
    for (;;) {
      var q = p + cuts[p];
      if (q >= run.length - 1) return run.length;   // Material reaches the end
      if (!cuts[q]) return q + 1;                     // stops at q; q is its excluded last character
      p = q;
    }
  }

  /* The run as pieces Material searches in full: cut where it would stop, characters no
     indexed word starts with dropped. A run Material covers comes back as itself. */
  function pieces(run) {
    var out = [];
    var rest = run;
    while (rest.length > 1) {
      if (rest in vocabulary) { out.push(rest); break; }   // searched whole, as when typed alone
      var n = covered(rest);
      if (n === rest.length) { out.push(rest); break; }
      if (n === 0) { rest = rest.slice(1); continue; }
      out.push(rest.slice(0, n));   // up to and including the character where it stops
      rest = rest.slice(n - 1);
    }
    return out;
  }

  function rewrite(query) {
    if (!vocabulary) return query;
    return query.replace(HAN, function (run) {
      var parts = pieces(run);
      return parts.length ? parts.join(" ") : run;
    });
  }

  addEventListener("message", function (event) {
    if (rewritten.has(event) || !event.data || event.data.type !== QUERY) return;
    var query = rewrite(String(event.data.data));
    if (query === event.data.data) return;
    event.stopImmediatePropagation();
    var again = new MessageEvent("message", { data: { type: QUERY, data: query } });
    rewritten.add(again);
    self.dispatchEvent(again);
  });

  importScripts(material);

  var build = self.lunr.Builder.prototype.build;
  self.lunr.Builder.prototype.build = function () {
    var index = build.apply(this, arguments);
    vocabulary = index.invertedIndex;
    return index;
  };
})();
