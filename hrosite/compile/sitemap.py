"""網站導覽: the site tree plus the 導盲磚 accesskey table (docs/sources.md, WCAG 2.4.5)."""

from __future__ import annotations

import datetime as dt

from ..urls import SITEMAP
from .nav import NavItem, page_url
from .output import Output

ACCESSKEY_NOTES = """\
本網站依照無障礙網頁設計原則建置，主要內容分為三個區塊：

1. 上方功能區塊：網站名稱、搜尋與主選單。
2. 中央內容區塊：各頁的主要內容；左側為本單元選單。
3. 下方功能區塊：本所聯絡資訊與網站相關說明。

每個區塊開頭有一個以「:::」標示的定位點（導盲磚），可用下列快速鍵直接移到該區塊。
每頁的第一個連結是「跳到主要內容」，用 Tab 鍵即可到達。

<table class="hro-accesskeys">
<caption>快速鍵一覽</caption>
<thead><tr><th scope="col">快速鍵</th><th scope="col">定位點</th><th scope="col">區塊說明</th></tr></thead>
<tbody>
<tr><th scope="row">Alt+U</th><td>上方功能區塊</td><td>網站名稱、搜尋與主選單</td></tr>
<tr><th scope="row">Alt+C</th><td>中央內容區塊</td><td>本頁主要內容</td></tr>
<tr><th scope="row">Alt+Z</th><td>下方功能區塊</td><td>聯絡資訊與網站說明連結</td></tr>
</tbody>
</table>

瀏覽器不同，快速鍵的按法也不同：

- Windows 的 Chrome、Edge：按 Alt＋字母鍵。
- Windows 的 Firefox：按 Shift＋Alt＋字母鍵。
- macOS：按 Control＋Option＋字母鍵。

不使用滑鼠時，可用 Tab 鍵移到下一個連結、Shift＋Tab 回到上一個，Enter 開啟連結。
網站在瀏覽器關閉 JavaScript 時仍可閱讀與使用選單；站內搜尋需要 JavaScript，
找不到資料時也可以用下方的網站架構逐層瀏覽。
"""


def _english(item: NavItem) -> bool:
    """An English page, or a group of English pages only: its title is English (WCAG 3.1.2)."""
    if item.path:
        return item.path.startswith("en/")
    return bool(item.children) and all(_english(child) for child in item.children)


def tree_markdown(items: list[NavItem], depth: int = 0) -> str:
    lines = []
    for item in items:
        indent = "    " * depth
        if item.path:
            lang = '{: lang="en" }' if _english(item) else ""
            lines.append(f"{indent}- [{item.title}]({page_url(item.path, SITEMAP)}){lang}")
        elif _english(item):
            lines.append(f'{indent}- <span lang="en">{item.title}</span>')
        else:
            lines.append(f"{indent}- {item.title}")
        if item.children:
            lines.append(tree_markdown(item.children, depth + 1))
    return "\n".join(lines)


def compile_sitemap(nav: list[NavItem], out: Output, updated: dt.date, meta: dict) -> None:
    # The tree repeats every page title: keep it out of the search index so it never
    # outranks the pages themselves (data-search-exclude, Material's search plugin).
    body = (ACCESSKEY_NOTES + "\n## 網站架構\n\n<div markdown=\"1\" data-search-exclude>\n\n"
            + tree_markdown(nav) + "\n\n</div>\n")
    out.add_page(SITEMAP, title="網站導覽", updated=updated, body=body, meta=meta,
                 description="本網站的架構、快速鍵與無障礙操作說明。")
