"""線上申辦: per-procedure national online services and the office's own channels (待確認)."""

from __future__ import annotations

from conftest import OFFICE
from test_validation import assert_reported, replace, spot

from hrosite.compile import compile_site
from hrosite.compile.online import PAGE, service_line
from hrosite.content import load_site
from hrosite.model.procedure import OnlineService

TRANSCRIPT = "content/procedures/household-transcript.yml"


def compiled(root) -> dict[str, str]:
    content, findings = load_site(root)
    assert content is not None and not [f for f in findings if f.severity == "error"], findings
    return {path: data.decode("utf-8") for path, data in compile_site(content).output.files.items()
            if path.endswith(".md")}


def test_a_service_link_names_its_site_then_what_is_needed():
    service = OnlineService(title="申請電子戶籍謄本", site="內政部戶政司全球資訊網",
                            url="https://www.ris.gov.tw/", needs=["自然人憑證"], note="免費。")
    assert service_line(service) == ("- [申請電子戶籍謄本（內政部戶政司全球資訊網）](https://www.ris.gov.tw/)"
                                     "：需要自然人憑證。免費。")
    bare = OnlineService(title="掛失", site="內政部戶政司全球資訊網", url="https://www.ris.gov.tw/")
    assert service_line(bare) == "- [掛失（內政部戶政司全球資訊網）](https://www.ris.gov.tw/)"


def test_procedure_pages_and_the_online_page_show_the_same_services():
    pages = compiled(OFFICE)
    transcript = pages["procedures/household-transcript.md"]
    assert "## 線上辦理 {#online}" in transcript
    assert "[申請電子戶籍謄本（內政部戶政司全球資訊網）](https://www.ris.gov.tw/)：需要自然人憑證" in transcript
    online = pages[PAGE]
    for line in ("[申請電子戶籍謄本（內政部戶政司全球資訊網）](https://www.ris.gov.tw/)",
                 "[國民身分證掛失（內政部戶政司全球資訊網）](https://www.ris.gov.tw/)",
                 "[上傳身分證相片（內政部戶政司全球資訊網）](https://www.ris.gov.tw/)",
                 "- 線上預約：待確認", "- 案件進度查詢：待確認",
                 "[戶籍謄本](procedures/household-transcript.md)"):
        assert line in online, line
    assert "## 線上辦理" not in pages["procedures/birth-registration.md"]


def test_the_office_channels_come_from_site_yml(example):
    replace(example / "site.yml", "  booking: null", "  booking: https://booking.example.org/")
    replace(example / "site.yml", "  case_status: null", "  case_status: 請於上班時間來電查詢")
    online = compiled(example)[PAGE]
    assert "- 線上預約：[https://booking.example.org/](https://booking.example.org/)" in online
    assert "- 案件進度查詢：請於上班時間來電查詢" in online


def test_an_online_service_must_use_https(example):
    replace(example / TRANSCRIPT, "url: https://www.ris.gov.tw/", "url: http://www.ris.gov.tw/")
    lines = assert_reported(example, spot(example, TRANSCRIPT, "url: http://"),
                            "online 第 1 項的 url", "網址格式錯誤（invalid URL）",
                            "網址請以 https:// 開頭")
    assert len(lines) == 1, lines


def test_an_online_service_must_name_its_site(example):
    replace(example / TRANSCRIPT, "    site: 內政部戶政司全球資訊網\n", "")
    lines = assert_reported(example, spot(example, TRANSCRIPT, "title: 申請電子戶籍謄本"),
                            "online 第 1 項的 site: 缺少必填欄位（required）")
    assert len(lines) == 1, lines
