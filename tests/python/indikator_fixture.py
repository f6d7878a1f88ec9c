"""Hand-made raw fixture of the indicators (mart_indikator and its companions).

Every row is here for an indicator's definition or one of its edge cases; the comments say which,
and test_indikatorer.py holds the numerators and denominators counted by hand from them. Three
municipalities in two counties (Stockholm 0180 and Upplands Väsby 0114 in county 01, Göteborg 1480
in county 14), municipality groups A1 (0180, 1480) and B3 (0114). The last date of the data is
2025-06-30, so the rolling twelve months run from 2024-07-01 to 2025-06-30.

Persons are pseudonyms (p_a ...); birth dates and sex stand for what the loader derives from a
personnummer. Cases without a personnummer have no pseudonym and an age given in the extract.
"""

from __future__ import annotations

from pathlib import Path

from aggregates_fixture import UTAN_SKYDD, build_raw, run_dbt_build

STHLM, VASBY, GBG = "0180", "0114", "1480"
KOMMUNGRUPP = [(STHLM, "A1", "Storstäder"), (GBG, "A1", "Storstäder"), (VASBY, "B3", "Pendlingskommun")]
SISTA_DATUM = "2025-06-30"


def case(kommun, aid, area, pnr, born, kon, akt, orsak, beslut, avslut, ursprung=1):
    """A case; pnr None = no personnummer (then `born` is the given age)."""
    if pnr is None:
        return (kommun, aid, area, None, None, None, None, None, born, akt, orsak, None, None, None, None,
                beslut, avslut)  # fmt: skip
    return (kommun, aid, area, pnr, born, False, kon, "personnummer", None, akt, orsak, ursprung, 1, 1, None,
            beslut, avslut)  # fmt: skip


def insats(kommun, iid, aid, typ, beslut, verk, avslut, genomforande=None, avslutsorsak=None):
    return (kommun, iid, aid, typ, beslut, verk, 2, avslut, genomforande, avslutsorsak)


def uppf(kommun, uid, iid, datum, samverkan=None, sip=None, mal=None, b1a=None, b1b=None, b2=None, b3=None,
         b4=None, b5=None):  # fmt: skip
    return (kommun, uid, iid, datum, samverkan, sip, mal, b1a, b1b, b2, b3, b4, b5)


ARENDE = [
    # --- ATERAKT_BARN_12M / ATERAKT_12M: BOU children, contact ends in 2024 ---
    # A: contact ends 2024-03-15 (age 13), new BOU case exactly 12 months later: re-actualised
    case(STHLM, "A1", "BOU", "p_a", "2010-05-01", 1, "2023-01-10", "1", "2023-02-01", "2024-03-15"),
    case(STHLM, "A2", "BOU", "p_a", "2010-05-01", 1, "2025-03-15", "1", None, None),
    # B: 18 at the end of contact (turned 18 on 2024-01-10): a child (0-18); back on 2025-06-30
    case(STHLM, "B1", "BOU", "p_b", "2006-01-10", 2, "2023-06-01", "1", "2023-07-01", "2024-06-30", ursprung=3),
    case(STHLM, "B2", "BOU", "p_b", "2006-01-10", 2, "2025-06-30", "12", None, None, ursprung=3),
    # C: turned 19 on 2024-02-01, contact ends 2024-02-10: not a child any more
    case(STHLM, "C1", "BOU", "p_c", "2005-02-01", 1, "2023-09-01", "1", "2023-10-01", "2024-02-10"),
    # D: D1 closes while D2 is open (no end of contact); D2 closes 2024-09-30 (the end); nothing new
    case(STHLM, "D1", "BOU", "p_d", "2012-08-08", 2, "2023-03-01", "1", "2023-04-01", "2024-04-30"),
    case(STHLM, "D2", "BOU", "p_d", "2012-08-08", 2, "2024-01-15", "1|12", "2024-02-01", "2024-09-30"),
    # E: closed without a decision (2023): not in the denominator
    case(GBG, "E1", "BOU", "p_e", "2011-11-11", 1, "2023-02-01", "1", None, "2023-05-01"),
    # F: no personnummer: counts in case-based indicators (UTREDNING_4M), not in person-based ones
    case(STHLM, "F1", "BOU", None, 9, None, "2024-01-01", "1", "2024-01-10", "2024-05-01"),
    # G: contact ends 2024-01-31, new case 2025-02-01: one day after the 12 months (2025-01-31)
    case(VASBY, "G1", "BOU", "p_g", "2013-03-03", 2, "2023-05-05", "1", "2023-06-01", "2024-01-31"),
    case(VASBY, "G2", "BOU", "p_g", "2013-03-03", 2, "2025-02-01", "1", None, None),
    # H: two EB cases closed in 2024, each followed by a new one within 12 months (one person)
    case(STHLM, "H1", "EB", "p_h", "1990-01-01", 1, "2024-01-10", "10", "2024-01-20", "2024-02-10"),
    case(STHLM, "H2", "EB", "p_h", "1990-01-01", 1, "2024-05-01", "10", "2024-05-10", "2024-06-01"),
    case(STHLM, "H3", "EB", "p_h", "1990-01-01", 1, "2025-01-01", "10", None, None),
    # --- UTREDNING_4M: actualised 2023-10-31; 4 months = 2024-02-29 (clamped) ---
    case(GBG, "M1", "BOU", "p_m", "2015-05-05", 1, "2023-10-31", "1", "2024-03-01", None, ursprung=2),
    case(GBG, "N1", "BOU", "p_n", "2016-06-06", 2, "2023-10-31", "1", "2024-02-29", None, ursprung=2),
    # --- EJ_VERKST_3M, VANTETID_SABO, DAGAR_SABO: AO and LSS ---
    case(STHLM, "K1", "AO", "p_k", "1950-02-02", 1, "2024-03-01", "4", "2024-03-20", None),
    case(VASBY, "L1", "LSS", "p_l", "1980-05-05", 2, "2024-06-01", "7", "2024-06-30", None),
    # K moved to Upplands Väsby: a second särskilt boende there, so that in 2025 K has days in two
    # municipalities (one person in the county and the nation, with the days of both)
    case(VASBY, "K2", "AO", "p_k", "1950-02-02", 1, "2024-12-01", "4", "2024-12-10", None),
    # --- EB_UNGA_1M ---
    # O: 20 at actualisation, reason 10 (with 11); a second EB case the same year (one person)
    case(STHLM, "O1", "EB", "p_o", "2003-04-04", 2, "2024-02-01", "10|11", "2024-02-05", "2024-08-01"),
    case(STHLM, "O2", "EB", "p_o", "2003-04-04", 2, "2024-06-01", "10", None, None),
    # P: 24 at actualisation (25 the day after)
    case(GBG, "P1", "EB", "p_p", "1999-12-31", 1, "2024-12-30", "10", "2025-01-05", None, ursprung=4),
    # Q: 25 at actualisation: not young; R: reason 11 only
    case(GBG, "Q1", "EB", "p_q", "1999-01-01", 1, "2024-03-01", "10", None, None),
    case(GBG, "R1", "EB", "p_r", "2004-04-04", 2, "2024-03-01", "11", None, None),
    # --- VNR_INSATS (reason 2) and VNR_UTOVARE_FULLFOLJT (reason 3) ---
    case(STHLM, "S1", "VNR", "p_s", "1985-08-08", 1, "2024-04-01", "2", "2024-04-10", None),
    case(VASBY, "T1", "VNR", "p_t", "1970-07-07", 1, "2024-05-01", "2|6", None, None),
    # U: 16 at actualisation: not an adult
    case(STHLM, "U1", "BOU", "p_u", "2008-01-01", 1, "2024-05-05", "2", None, None),
    case(STHLM, "X1", "VNR", None, 35, None, "2024-06-06", "2", None, None),
    case(GBG, "V1", "VNR", "p_v", "1975-05-05", 2, "2023-09-01", "3", "2023-09-10", None),
    case(GBG, "W1", "VNR", "p_w", "1980-10-10", 2, "2024-01-01", "3", "2024-01-10", None),
]

INSATS = [
    # A1: implemented exactly 3 months after the decision (within); ended 2024-03-15
    insats(STHLM, "IA1", "A1", 10, "2023-02-01", "2023-05-01", "2024-03-15", 1, 1),
    # B1: 3 months and a day (not within); ended unplanned (V20 3)
    insats(STHLM, "IB1", "B1", 17, "2023-07-01", "2023-10-02", "2024-06-30", 2, 3),
    # D: jourhem ended on the case decision + 2 months (within) and unplanned (V20 4); a familjehem
    # 19 days later (after an unplanned end: PLACERING_AVBROTT); then another whose previous
    # placement (ID3) ended as planned
    insats(STHLM, "ID1", "D1", 16, "2023-04-01", "2023-04-02", "2023-06-01", 3, 4),
    insats(STHLM, "ID3", "D1", 26, "2023-06-20", "2023-06-25", "2023-12-01", 1, 1),
    insats(STHLM, "ID2", "D2", 10, "2024-02-01", "2024-02-10", "2024-09-30", 1, 1),
    # G1: jourhem ended 2 months and a day after the case's decision (not within)
    insats(VASBY, "IG1", "G1", 16, "2023-06-01", "2023-06-01", "2023-08-02", 1, 1),
    # M1: jourhem still going; N1: HVB over the whole of 2024
    insats(GBG, "IM1", "M1", 16, "2024-03-01", "2024-03-02", None),
    insats(GBG, "IN1", "N1", 12, "2023-11-20", "2023-12-01", None),
    # K1: särskilt boende, waiting from 2024-06-21, implemented 2024-09-01 (184 days after the
    # actualisation), ended 2025-03-01 (181 days); another decision never implemented, ended
    # 2024-12-15
    insats(STHLM, "IK1", "K1", 32, "2024-03-20", "2024-09-01", "2025-03-01", None, 7),
    insats(STHLM, "IK2", "K1", 20, "2024-03-20", None, "2024-12-15", None, 8),
    # K2: implemented 2025-01-02, ended 2025-04-02 after 90 days
    insats(VASBY, "IK3", "K2", 32, "2024-12-10", "2025-01-02", "2025-04-02"),
    # L1: decided 2024-06-30: on the list from 2024-10-01 (exactly 3 months on 2024-09-30 is not
    # "more than"), implemented 2025-01-15
    insats(VASBY, "IL1", "L1", 19, "2024-06-30", "2025-01-15", None),
    # O1: labour-market intervention implemented exactly 1 month after the actualisation
    insats(STHLM, "IO1", "O1", 3, "2024-02-05", "2024-03-01", None),
    # P1: implemented a day after the month
    insats(GBG, "IP1", "P1", 21, "2025-01-05", "2025-01-31", None),
    # S1: an intervention decided in the case (VNR_INSATS)
    insats(STHLM, "IS1", "S1", 23, "2024-04-10", "2024-04-15", None),
    # V1: two interventions ended in 2024, one with its goals reached (V20 1); W1: none reached
    insats(GBG, "IV1", "V1", 23, "2023-09-10", "2023-09-20", "2024-03-01", 1, 1),
    insats(GBG, "IV2", "V1", 24, "2023-10-01", "2023-10-05", "2024-06-01", 2, 4),
    insats(GBG, "IW1", "W1", 23, "2024-01-10", "2024-01-20", "2024-08-01", 2, 2),
]

UPPFOLJNING = [
    # IA1: two follow-ups on 2024-02-15 (29 days before the end): U1 (1) wins the tie over U0 (5)
    # by the greater id; U2 30 days after the end says "kan inte bedöma"
    uppf(STHLM, "U0", "IA1", "2024-02-15", mal=5),
    uppf(STHLM, "U1", "IA1", "2024-02-15", "1|3", 1, 1, b1a=6, b2=5, b3=1, b5=2),
    uppf(STHLM, "U2", "IA1", "2024-04-14", mal=6),
    # IA1 in 2023: a follow-up inside its first six months of stay
    uppf(STHLM, "U8", "IA1", "2023-08-01"),
    # IB1: the last assessment is 6 (left out of MAL_UPPNADDA and POSITIV_FORANDRING)
    uppf(STHLM, "U3", "IB1", "2024-05-30", "11", 2, 6, b1a=2, b3=6, b4=3),
    # ID2: an assessment 30 days after the end (counts for MAL_REGISTRERAD, is not the last one)
    uppf(STHLM, "U4", "ID2", "2024-10-30", "12", 3, 2, b1b=1, b3=3),
    uppf(STHLM, "U5", "ID2", "2024-03-01", "11", 2, None, b2=4, b3=2, b4=1, b5=4),
    # ID3: assessed 30 days before its end: no change, all goals reached (3)
    uppf(STHLM, "U6", "ID3", "2023-11-01", mal=3),
    # IM1 in 2025, IN1 in the first half of 2024 and in 2025
    uppf(GBG, "U9", "IM1", "2025-04-01"),
    uppf(GBG, "U10", "IN1", "2024-03-01"),
    uppf(GBG, "U11", "IN1", "2025-01-15"),
]


_BUILT: dict[str, Path] = {}


def built_warehouse(tmp_path_factory, skyddad: bool = False) -> Path:
    """The fixture warehouse, built once per pytest session: unprotected (every count shown:
    thresholds off, for exact comparisons) or protected (the project's thresholds)."""
    key = "skyddad" if skyddad else "oskyddad"
    if key not in _BUILT:
        work = tmp_path_factory.mktemp(f"indikator_{key}")
        warehouse = work / "warehouse.duckdb"
        build_raw(warehouse, ARENDE, INSATS, UPPFOLJNING, KOMMUNGRUPP)
        run_dbt_build(warehouse, work, None if skyddad else UTAN_SKYDD)
        _BUILT[key] = warehouse
    return _BUILT[key]
