"""Reads for policy pages, one module per part: schemes, goals, publications, costs, evidence."""
