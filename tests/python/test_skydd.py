"""Small-count protection, attacked: on both hand-made fixtures, built with protection and without,
an attacker (skydd_attack.py) writes every equation the published marts allow (totals, subtotals,
levels, periods, cross-tables, other marts: derived here from the marts, not from the build's own
relation list) and tries to work out each masked value from each of them, with the bounds it knows.
It must fail for every one. A planted disclosure shows that it would notice.
"""

from __future__ import annotations

import duckdb
import pytest

import aggregates_fixture
import indikator_fixture
from skydd_attack import build, per_equation_recovered

FIXTURES = {"aggregates": aggregates_fixture, "indikatorer": indikator_fixture}


@pytest.fixture(scope="module", params=sorted(FIXTURES))
def system(request, tmp_path_factory):
    module = FIXTURES[request.param]
    skyddad = duckdb.connect(str(module.built_warehouse(tmp_path_factory, skyddad=True)))
    oskyddad = duckdb.connect(str(module.built_warehouse(tmp_path_factory, skyddad=False)))
    try:
        yield build(skyddad, oskyddad)
    finally:
        skyddad.close()
        oskyddad.close()


def masked(system):
    return [k for k, c in system.cells.items() if not c.shown and k[0] not in ("komplement", "kors_total")]


def test_the_marts_mask_something_and_publish_something(system):
    shown = [k for k, c in system.cells.items() if c.shown]
    assert len(masked(system)) > 100 and len(shown) > 100
    assert len(system.equations) > 1000


def test_no_masked_value_can_be_worked_out_from_a_total_a_subtotal_a_level_or_another_mart(system):
    assert per_equation_recovered(system) == []


def test_the_attack_finds_a_planted_disclosure(system):
    # publish one masked value's partner: take an equation with exactly two masked cells and
    # show one of them; the other is then given away, and the attack must say so
    for e in system.equations:
        hidden = [k for k in e if not system.cells[k].shown]
        if len(hidden) == 2 and not any(k[0] in ("komplement", "kors_total") for k in hidden):
            system.cells[hidden[0]].shown = True
            try:
                assert hidden[1] in per_equation_recovered(system)
            finally:
                system.cells[hidden[0]].shown = False
            return
    pytest.fail("no equation with two masked cells to plant a disclosure in")
