"""Load every source of the site and cross-check them: the model of one office.

The kinds of content and their loaders are listed in kinds.py; this module runs them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cite import cite_all
from .crosscheck import cross_check
from .findings import Finding
from .incremental import fingerprint, key_of, remember
from .kinds import KINDS, extensions, items
from .model.disclosure import load_disclosures
from .model.english_page import EnglishPage
from .model.facts import office_names
from .model.faq import FaqFile
from .model.form import FileInfo, Form, load_forms
from .model.page import Page
from .model.procedure import DIR as PROCEDURES_DIR, Procedure
from .model.site import Office, load_office
from .model.stats import StatsData, load_stats
from .sources import Document, stems
from .staffhtml import check_sources as staff_html


@dataclass
class SiteContent:
    root: Path
    office: Office
    pages: list[Page] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    form_files: dict[str, dict[str, FileInfo]] = field(default_factory=dict)
    faq: list[FaqFile] = field(default_factory=list)
    stats: StatsData | None = None
    disclosures: list = field(default_factory=list)
    news: list = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)  # id/kind -> source, for messages
    declared_procedures: set[str] = field(default_factory=set)  # ids of files, loaded or not
    declared_forms: set[str] = field(default_factory=set)
    declared_categories: set[int] = field(default_factory=set)  # disclosure categories named in files
    english_pages: list[EnglishPage] = field(default_factory=list)  # content/en/*.md

    def procedure(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)

    def form(self, form_id: str) -> Form | None:
        return next((f for f in self.forms if f.id == form_id), None)

    def reference_date(self) -> dt.date:
        """The newest edit date in the sources: the build's "today" and timestamp, never the clock.

        Forward dates (expiry, review_by, valid_until) do not count.
        """
        dates = [self.office.updated]
        for kind in KINDS:
            if kind.dates is not None:
                dates += [day for item in items(self, kind) for day in kind.dates(item)]
        if self.stats is not None:
            dates += [d.spec.updated for d in self.stats.datasets]
        return max(dates)


# Folders whose loaders pick files by extension: a file with another one would vanish unseen.
EXTENSIONS = extensions()


def misnamed_files(root: Path) -> list[Finding]:
    """faq/x.yaml or news/x.markdown is skipped by its loader: say so instead of losing the page."""
    findings = []
    for folder, suffix in EXTENSIONS.items():
        for path in sorted((root / folder).glob("*")):
            if path.is_file() and not path.name.startswith(".") and path.suffix != suffix:
                findings.append(Finding(
                    path.relative_to(root).as_posix(), 1, None, None,
                    f"副檔名不對（wrong extension）：{folder}/ 只讀取 {suffix} 檔，這個檔案不會出現在網站上",
                    f"請把副檔名改成 {suffix}（檔名改為 {path.stem}{suffix}）"))
    return findings


def _declared_ids(doc: Document | None, key: str) -> set[str]:
    """Ids written in a file even if the file did not validate."""
    items = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    return {str(i["id"]) for i in items or [] if isinstance(i, dict) and "id" in i}


def load_site(root: Path) -> tuple[SiteContent | None, list[Finding]]:
    """All sources, all problems at once; None when the office itself cannot be loaded."""
    findings: list[Finding] = misnamed_files(root)
    office, problems = load_office(root)
    findings += problems
    names = office_names(office) if office is not None else None
    findings += staff_html(root, names)
    loaded: dict[str, list[tuple]] = {}   # kind name → (item, Document) pairs
    for kind in KINDS:
        if kind.load is not None:
            loaded[kind.name], problems = kind.load(root)
            findings += problems
    # Not on the registry's loader yet: their loaders return more than (item, document) pairs.
    # The preview reuses the slow loaders while their folders' bytes are unchanged.
    forms, forms_doc, problems = remember("forms", lambda: fingerprint(root / "forms"),
                                          lambda: load_forms(root))
    findings += problems
    disclosures, declared_categories, problems = load_disclosures(root)
    findings += problems
    if office is None:
        return None, findings
    stats, problems = remember(
        "stats", lambda: key_of([fingerprint(root / "stats"), office.model_dump_json()]),
        lambda: load_stats(root, office))
    findings += problems
    # {{ office.x }} in text fields, as in page bodies; anything else was reported above.
    for kind in KINDS:
        if kind.cite is not None and kind.name in loaded:
            loaded[kind.name] = [(kind.cite(item, names), doc) for item, doc in loaded[kind.name]]
    forms = [(cite_all(f, names), files) for f, files in forms]
    disclosures = [replace(d, entry=cite_all(d.entry, names)) for d in disclosures]
    documents = {f"{kind.document}:{kind.stem(item)}": doc for kind in KINDS if kind.document
                 for item, doc in loaded.get(kind.name, [])}
    content = SiteContent(
        root, office,
        **{name: [item for item, _ in pairs] for name, pairs in loaded.items()},
        forms=[f for f, _ in forms],
        form_files={f.id: files for f, files in forms},
        stats=stats, disclosures=disclosures,
        declared_procedures=stems(root / PROCEDURES_DIR),
        declared_forms=_declared_ids(forms_doc, "forms"),
        declared_categories=declared_categories,
        documents={**documents, **({"forms": forms_doc} if forms_doc else {})},
    )
    findings += cross_check(content)
    return content, findings
