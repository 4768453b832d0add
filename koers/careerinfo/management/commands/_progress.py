"""A one-line progress bar for import commands, drawn only when output goes to a terminal."""

from __future__ import annotations

from django.core.management.base import OutputWrapper

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.current = ""

    def __call__(self, name: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        share = done / total if total else 1.0
        filled = int(share * WIDTH)
        bar = "#" * filled + "-" * (WIDTH - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{name[-40:]:<40} [{bar}] {share:4.0%}", ending=end)
        self.stream.flush()
