"""The self-evaluation report as PDF: the print template rendered by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

# WeasyPrint ships no type information.
from weasyprint import CSS, HTML  # type: ignore[import-untyped]

STYLESHEET = Path(__file__).parent / "static" / "quality" / "report.css"


def pdf_from_html(html: str) -> bytes:
    """A PDF of a self-contained HTML page (no network: everything it needs is inline or local)."""
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    return pdf
