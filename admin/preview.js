/* Preview templates for the editor at /admin/: procedures and FAQ entries drawn with the
 * site's own stylesheet (Material + hrosite.css), so staff see roughly the published page.
 * The stylesheet URLs are written into data-preview-styles by `hrosite editor-install`.
 * Uses only what Decap CMS puts on window (CMS, h); nothing is loaded from another host. */
(function () {
  "use strict";
  var script = document.currentScript;
  var styles = JSON.parse((script && script.getAttribute("data-preview-styles")) || "[]");
  styles.forEach(function (url) { CMS.registerPreviewStyle(url); });

  var KIND = { required: "必備", optional: "視情況需要", choice: "擇一" };
  var UNKNOWN = "待確認";

  function list(data, key) {
    var value = data.get(key);
    return value && value.toJS ? value.toJS() : value || [];
  }

  function page(children) {
    return h("div", { className: "md-container" },
      h("main", { className: "md-main" },
        h("div", { className: "md-main__inner md-grid" },
          h("div", { className: "md-content" },
            h("article", { className: "md-content__inner md-typeset" }, children)))));
  }

  function fee(f) {
    var amount = f.amount === null || f.amount === undefined || f.amount === "" ? UNKNOWN : "新臺幣 " + f.amount + " 元";
    return h("tr", null, h("td", null, f.item), h("td", null, amount), h("td", null, f.basis || ""), h("td", null, f.note || ""));
  }

  var Procedure = createClass({
    render: function () {
      var d = this.props.entry.get("data");
      var documents = list(d, "documents");
      var fees = list(d, "fees");
      var steps = list(d, "steps");
      return page([
        h("h1", { key: "t" }, d.get("title")),
        h("p", { key: "s" }, d.get("summary")),
        h("h2", { key: "dh" }, "應備文件"),
        documents.map(function (g, i) {
          return h("section", { key: "d" + i },
            h("h3", null, g.title, h("small", null, "　" + (KIND[g.kind] || g.kind))),
            h("ul", null, (g.items || []).map(function (it, j) {
              return h("li", { key: j }, it.name, it.note ? "：" + it.note : "");
            })));
        }),
        h("h2", { key: "fh" }, "規費"),
        fees.length ? h("table", { key: "f" },
          h("thead", null, h("tr", null, h("th", null, "項目"), h("th", null, "金額"), h("th", null, "依據"), h("th", null, "備註"))),
          h("tbody", null, fees.map(fee))) : h("p", { key: "f" }, "免費"),
        h("h2", { key: "ph" }, "處理時間"),
        h("p", { key: "p" }, d.get("processing_time") || UNKNOWN),
        h("h2", { key: "sh" }, "辦理步驟"),
        h("ol", { key: "st" }, steps.map(function (s, i) {
          return h("li", { key: i }, h("strong", null, s.title), s.text ? h("p", null, s.text) : null,
            s.decision ? h("p", null, s.decision.question + " 否：" + s.decision.if_not) : null);
        })),
      ]);
    },
  });

  var Faq = createClass({
    render: function () {
      var d = this.props.entry.get("data");
      return page([
        h("h1", { key: "t" }, "常見問答：" + d.get("category")),
        list(d, "entries").map(function (e, i) {
          return h("section", { key: i, id: e.id },
            h("h2", null, e.question),
            h("div", { style: { whiteSpace: "pre-line" } }, e.answer));
        }),
      ]);
    },
  });

  // Decap's preview iframe has no accessible name (axe frame-title); name it when it appears.
  new MutationObserver(function () {
    var frame = document.getElementById("preview-pane");
    if (frame && !frame.title) frame.title = "預覽：發布後的網頁樣子";
  }).observe(document.body, { childList: true, subtree: true });

  CMS.registerPreviewTemplate("procedures", Procedure);
  CMS.registerPreviewTemplate("faq", Faq);
})();
