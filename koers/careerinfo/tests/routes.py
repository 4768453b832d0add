"""Tenant-matrix cases for the career information routes (see tests/matrix.py).

The pages are public reference data (see careerinfo/views.py), so the matrix checks that every
visitor, anonymous included, gets an answer and that none of them changes anything.
"""

from koers.careerinfo.tests.factories import occupation_with_labels
from tests.matrix import RouteCase


def an_occupation(world):
    return {
        "occupation_id": occupation_with_labels("software developer", "softwareontwikkelaar").id
    }


ROUTE_CASES = [RouteCase("careers_occupation_detail", kwargs=an_occupation)]
