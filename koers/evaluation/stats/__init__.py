"""Side-effect-free statistics over numpy arrays for evaluation designs.

Nothing here touches the database; services and the `koers evaluate` command assemble arrays
and call these functions. Every function is checked against scipy/statsmodels or a hand-worked
example, and against simulated data with a planted effect (see tests/test_stats_*.py).
"""
