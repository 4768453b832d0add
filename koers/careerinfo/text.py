"""Text helpers for labels: one normalisation for what is stored and what is searched."""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Lower-case, accents removed, whitespace collapsed: 'Inspiciënt ' -> 'inspicient'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def split_labels(cell: str) -> list[str]:
    """ESCO's multi-valued label cells hold one label per line (inside one quoted field).

    Labels themselves contain commas ("director, technical"), so only line breaks separate them.
    """
    return [label.strip() for label in cell.splitlines() if label.strip()]
