"""Policy use cases that write, one module per part: schemes, goals, publications, costs,
evidence."""
