"""The one error the statistics raise: the data cannot support the analysis asked for."""

from __future__ import annotations


class StatsError(ValueError):
    """Bad or insufficient data for an analysis; the message is for the person running it."""
