"""The example site's blank application forms: YAML source → ODT (odfpy) → PDF (LibreOffice).

Each `forms/src/<form-id>.yml` describes one blank form; `build_forms()` writes `<form-id>.odt`
and `<form-id>.pdf` (text-based, tagged, CJK fonts embedded, A4), every one with the 「範例」
banner until the office supplies its own forms (forms/README.md). One job per module:

- source.py: reading a source, the office facts it cites (from site.yml), its date
- checks.py: the rules of a source, every problem reported with a code and file:line:col
- odt.py:    the ODT writer (deterministic bytes)
- pdf.py:    conversion by LibreOffice, made reproducible, compacted by qpdf when installed
- build.py:  the driver and the command line (`hrosite forms`, or `python -m tools.forms`)
"""

from .build import build_forms, main
from .odt import SAMPLE_BANNER, odt_bytes
from .pdf import convert_to_pdf, find_soffice, normalise_pdf
from .source import FormSourceError, OfficeFacts, fill_office, load_source

__all__ = ["SAMPLE_BANNER", "FormSourceError", "OfficeFacts", "build_forms", "convert_to_pdf", "fill_office",
           "find_soffice", "load_source", "main", "normalise_pdf", "odt_bytes"]
