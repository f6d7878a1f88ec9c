"""Small-count protection, attacked: on both hand-made fixtures, built with protection and without,
an attacker (skydd_attack.py) writes every equation the published marts allow (totals, subtotals,
levels, periods, cross-tables, other marts: derived here from the marts, not from the build's own
relation list) and tries to work out each masked value from each of them, with the bounds it knows.
It must fail for every one. A planted disclosure shows that it would notice.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

import aggregates_fixture
import indikator_fixture
from isu.dbt_runner import run_dbt
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


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_small_and_large_steps_choose_the_same_masks(fixture, tmp_path_factory, tmp_path):
    """The iteration joins a small step's touched members to their own masks only and a large
    step's to the whole mask table (isu_skydd_steg, var isu_skydd_smalt_steg). On these fixtures
    every step is small; built again with every step taken the large way, every mask, its reason
    and its step are the same."""
    copy = tmp_path / "stora_steg.duckdb"
    shutil.copyfile(FIXTURES[fixture].built_warehouse(tmp_path_factory, skyddad=True), copy)
    sql = "select cell_id, orsak, steg from intermediate.int_pub_skydd order by cell_id"
    with duckdb.connect(str(copy), read_only=True) as con:
        small = con.execute(sql).fetchall()
    result = run_dbt(["run", "--select", "int_pub_skydd", "--vars", '{"isu_skydd_smalt_steg": -1}'], copy,
                     target_path=tmp_path / "target")  # fmt: skip
    assert result.clean, result.failures
    with duckdb.connect(str(copy), read_only=True) as con:
        large = con.execute(sql).fetchall()
    assert small == large
    assert max(r[2] for r in small) >= 2  # masks were added in steps after the first


KEY = ["mart", "serie", "matt", "period_typ", "period", "niva", "kommun_kod", "lan_kod", "kommungrupp_kod",
       "verksamhetsomrade", "insatstyp", "grupp_typ", "grupp", "rad_kod", "kolumn_kod"]  # fmt: skip


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_every_type_group_and_year_total_with_parts_is_a_relation(fixture, tmp_path_factory):
    """int_pub_skyddsrelation leaves out, before hashing, the totals that no part can join (their
    shape has no cell anywhere). Worked out here from the cells alone: every set of two or more
    additive cells that one total ties together (all types = the types; alla = the groups of a
    breakdown; a year = its months) is exactly the member set of a relation."""
    warehouse = FIXTURES[fixture].built_warehouse(tmp_path_factory, skyddad=True)
    # the configuration of the module's open connections to this file (a read-only one is refused)
    with duckdb.connect(str(warehouse)) as con:
        cells = con.execute(
            f"select cell_id, periodregel, {', '.join(KEY)} from intermediate.int_pub_skyddscell where summerbar"
        ).fetchall()
        members: dict = {}
        for relation_id, cell_id in con.execute(
            "select relation_id, cell_id from intermediate.int_pub_skyddsrelation"
        ).fetchall():
            members.setdefault(relation_id, set()).add(cell_id)
    relations = {frozenset(m) for m in members.values()}
    groups: dict = {}
    for cell_id, periodregel, *values in cells:
        c = dict(zip(KEY, values, strict=True))
        groups.setdefault(("typ", *(c[k] for k in KEY if k != "insatstyp")), set()).add(cell_id)
        rest = tuple(c[k] for k in KEY if k not in ("grupp_typ", "grupp"))
        for g in ("kon", "ursprung", "aldersgrupp") if c["grupp_typ"] == "alla" else (c["grupp_typ"],):
            groups.setdefault(("grp", g, *rest), set()).add(cell_id)
        if periodregel == "summa" and c["period_typ"] in ("ar", "manad"):
            year = tuple(c["period"][:4] if k == "period" else c[k] for k in KEY if k != "period_typ")
            groups.setdefault(("ar", *year), set()).add(cell_id)
    tied = {kind: [m for key, m in groups.items() if key[0] == kind and len(m) >= 2] for kind in ("typ", "grp", "ar")}
    assert all(tied.values()), {k: len(v) for k, v in tied.items()}
    missing = {kind: [sorted(m) for m in sets if frozenset(m) not in relations] for kind, sets in tied.items()}
    assert missing == {"typ": [], "grp": [], "ar": []}
