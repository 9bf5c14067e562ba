"""Legal data lives in hrosite/legal.py with its source, and the pages print exactly it."""

from __future__ import annotations

from pathlib import Path

from hrosite.legal import LATE_REGISTRATION

SOURCES = Path(__file__).resolve().parent.parent / "docs" / "sources.md"


def test_late_fines_stay_within_article_79():
    """戶籍法 §79: NT$300 to 900, and 900 once a written reminder was ignored."""
    amounts = [band.amount for band in LATE_REGISTRATION.bands]
    assert all(300 <= a <= 900 for a in amounts) and amounts == sorted(amounts)
    assert LATE_REGISTRATION.bands[-1].zh == "經書面催告仍不申請" and amounts[-1] == 900


def test_the_schedule_names_its_law_and_is_in_the_sources_list():
    text = SOURCES.read_text(encoding="utf-8")
    assert LATE_REGISTRATION.law == "戶籍法第79條"
    assert "台內戶字第0990186657號令" in LATE_REGISTRATION.basis and "台內戶字第0990186657號令" in text
    assert LATE_REGISTRATION.source in text
    assert "hrosite/legal.py" in text


def test_both_languages_show_the_same_amounts():
    from hrosite.compile.procedures import LATE_FINES

    assert [amount for _, amount in LATE_FINES] == [band.amount for band in LATE_REGISTRATION.bands]
    assert all(band.en and band.zh for band in LATE_REGISTRATION.bands)
