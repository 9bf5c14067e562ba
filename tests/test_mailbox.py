"""民意信箱與陳情: the office's mailbox from site.yml (待確認 until known), no form that sends data."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import OFFICE
from test_online import compiled
from test_validation import replace


def test_the_mailbox_page_shows_placeholders_and_the_legal_basis():
    page = compiled(OFFICE)["mailbox.md"]
    assert "- 信箱網址或電子郵件：待確認" in page
    assert "行政程序法第 168 條至第 173 條" in page
    assert "回覆期限：待確認" in page
    assert "<form" not in page


def test_the_mailbox_address_comes_from_site_yml(example):
    replace(example / "site.yml", "  mailbox: null", "  mailbox: https://mailbox.example.org/")
    assert "- 信箱網址或電子郵件：https://mailbox.example.org/" in compiled(example)["mailbox.md"]


def test_the_built_page_has_no_form_and_is_linked_from_home(built_site):
    page = BeautifulSoup((built_site / "mailbox" / "index.html").read_text("utf-8"), "html.parser")
    assert page.select("article form") == []
    assert page.find("h1").get_text(strip=True).startswith("民意信箱與陳情")
    home = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    assert {"mailbox/", "online/"} <= {a["href"] for a in home.select("article a")}
