"""The city index page: one accessible zh-TW page that lists and links every office.

Rule (docs/offices.md "The city index"): every office is listed by its site.yml name (a
missing name shows 「待確認」); an office whose site was built is a link to it, one whose
build failed is listed without a link, with the reason in words. The page is self-contained
(no script, no font or style from another host), has a skip link, one h1, landmarks and
relative sizes, so it passes the same gates as an office's pages.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from .offices import Office

PLACEHOLDER = "待確認"
STYLE = """
body{margin:0;font-family:"Noto Sans CJK TC","Noto Sans TC",sans-serif;font-size:1rem;line-height:1.6;
color:#1b1b1b;background:#fff}
.skip{position:absolute;left:-100rem;top:0;padding:.5rem 1rem;background:#fff;color:#0b3d91}
.skip:focus{left:.5rem;top:.5rem;outline:.2rem solid #0b3d91}
header,main,footer{max-width:48rem;margin:0 auto;padding:1rem}
header{border-bottom:.1rem solid #d0d0d0}
h1{font-size:1.75rem;margin:.5rem 0}
ul{padding-left:1.25rem}
li{margin:.5rem 0}
a{color:#0b3d91;text-decoration:underline}
a:focus{outline:.2rem solid #0b3d91;outline-offset:.1rem}
.note{color:#4a4a4a}
footer{border-top:.1rem solid #d0d0d0;color:#4a4a4a;font-size:.875rem}
""".strip()


def city_name(offices: list[Office]) -> str | None:
    """The city all districts share (高雄市鹽埕區, 高雄市前金區 → 高雄市), if they share one."""
    cities = set()
    for office in offices:
        district = office.district or ""
        cut = max(district.find("市"), district.find("縣"))
        cities.add(district[:cut + 1] if cut > 0 else None)
    return cities.pop() if len(cities) == 1 else None


def render_index(offices: list[Office], built: dict[str, bool], href: str = "{id}/site/") -> str:
    """The page's HTML; `built[id]` says whether that office's site exists to link to."""
    city = city_name(offices)
    title = f"{city}戶政事務所網站" if city else "戶政事務所網站"
    items = []
    for office in offices:
        name = escape(office.name or f"{office.id}（名稱{PLACEHOLDER}）")
        district = f"<span class=\"note\">（{escape(office.district)}）</span>" if office.district else ""
        if built.get(office.id):
            link = escape(href.format(id=office.id), quote=True)
            items.append(f'<li><a href="{link}">{name}</a>{district}</li>')
        else:
            items.append(f'<li>{name}{district}<span class="note">：本次建置未完成，網站暫不提供連結'
                         "</span></li>")
    count = len(offices)
    return f"""<!doctype html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<meta name="description" content="{escape(title)}一覽：共 {count} 個戶政事務所的網站連結。">
<style>{STYLE}</style>
</head>
<body>
<a class="skip" href="#main">跳到主要內容</a>
<header><p>{escape(city or "各地")}戶政事務所</p></header>
<main id="main">
<h1>{escape(title)}</h1>
<p>共 {count} 個戶政事務所，請選擇您要前往的事務所網站。</p>
<nav aria-label="戶政事務所一覽">
<ul>
{chr(10).join(items)}
</ul>
</nav>
</main>
<footer><p>本頁由 hrosite 產生，列出本儲存庫的所有事務所。</p></footer>
</body>
</html>
"""


def write_index(out_dir: Path, offices: list[Office], href: str = "{id}/site/") -> Path:
    """Write out_dir/index.html, linking the offices whose out_dir/<id>/site/index.html exists."""
    built = {o.id: (out_dir / o.id / "site" / "index.html").is_file() for o in offices}
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    tmp = path.with_name(f".index.{os.getpid()}.tmp")
    tmp.write_text(render_index(offices, built, href), encoding="utf-8")
    tmp.replace(path)
    return path
