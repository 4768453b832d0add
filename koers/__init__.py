"""Koers: evidence-based lifelong career guidance."""
