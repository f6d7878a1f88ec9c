"""Defect injection: about `rate` of the rows of each table get exactly one defect.

Each defect is named by the `Rule` code the loader must report for it. Defects that are about
dates or the presence of a value change the chunk's numeric arrays (before the rows are turned
into text); defects that are about the text itself become overrides of single cells.

The expected outcome of a load mirrors the loader's semantics:
- a row with a defect is quarantined whole;
- a duplicated key quarantines every row that carries it (the injected row and its partner);
- a child whose parent is quarantined (or missing) is quarantined as an orphan, transitively.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from isu.contract import Rule
from isu.rules import defect_rules

from ._model import AREAS, MISSING, Chunk, ymd
from ._pnr import pnr_one

# Which defects each table gets comes from the rule catalogue (isu.rules: defect_tables).
ARENDE_RULES: tuple[Rule, ...] = defect_rules("arende")
INSATS_RULES: tuple[Rule, ...] = defect_rules("insats")
UPPFOLJNING_RULES: tuple[Rule, ...] = defect_rules("uppfoljning")
RULES_BY_TABLE: dict[str, tuple[Rule, ...]] = {
    "arende": ARENDE_RULES,
    "insats": INSATS_RULES,
    "uppfoljning": UPPFOLJNING_RULES,
}

_EPOCH = date(1970, 1, 1).toordinal()


def id_arende(n: int) -> str:
    return f"A{n:09d}"


def id_insats(n: int) -> str:
    return f"I{n:09d}"


def id_uppfoljning(n: int) -> str:
    return f"U{n:09d}"


def _d(days: int) -> date:
    return date.fromordinal(_EPOCH + int(days))


def bad_date(days: int, variant: int) -> str:
    t = _d(days)
    y, m, d = t.year, t.month, t.day
    return (
        f"{y:04d}/{m:02d}/{d:02d}",
        f"{y:04d}.{m:02d}.{d:02d}",
        f"{y:04d}-02-30",
        f"{d:02d}-{m:02d}-{y:04d}",
        f"{y:04d}-13-{d:02d}",
    )[variant % 5]


def codes_of(mask: int) -> list[int]:
    return [c + 1 for c in range(16) if mask >> c & 1]


def join_codes(codes: list[int]) -> str:
    return "|".join(str(c) for c in codes)


def bad_list(codes: list[int], variant: int, n_codes: int) -> str:
    """A multi-valued field with a broken separator or a non-number."""
    if len(codes) < 2:
        c = codes[0] if codes else 1
        codes = [c, c % n_codes + 1]
    return (
        ";".join(map(str, codes)),
        ",".join(map(str, codes)),
        "||".join(map(str, codes)),
        "a|" + join_codes(codes),
    )[variant % 4]


@dataclass
class Plan:
    """The defects of one chunk."""

    overrides: dict[str, dict[str, dict[int, str | None]]] = field(default_factory=dict)
    records: dict[str, list[tuple[int, Rule, str]]] = field(default_factory=dict)
    injected: dict[str, np.ndarray] = field(default_factory=dict)
    partner: dict[str, np.ndarray] = field(default_factory=dict)
    quarantined: dict[str, np.ndarray] = field(default_factory=dict)

    def set(self, table: str, row: int, column: str, value: str | None) -> None:
        self.overrides.setdefault(table, {}).setdefault(column, {})[row] = value


def _pick(rng: np.random.Generator, n: int, rate: float, rules: tuple[Rule, ...]) -> tuple[np.ndarray, list]:
    """Rows with a defect and their rules: every rule about equally often."""
    rows = np.nonzero(rng.random(n) < rate)[0]
    k = len(rules)
    kinds = np.tile(np.arange(k), -(-len(rows) // k))[: len(rows)] if len(rows) else np.zeros(0, int)
    kinds = rng.permutation(kinds) if len(kinds) else kinds
    return rows, [rules[i] for i in kinds]


def plan_defects(rng: np.random.Generator, ch: Chunk, kommun: str, a0: int, i0: int, u0: int, rate: float) -> Plan:
    """Choose and apply (numeric part) the defects of one chunk; return overrides and masks."""
    plan = Plan()
    c, ins, up = ch.cases, ch.insatser, ch.uppf
    n_a, n_i, n_u = len(c.akt), len(ins.case), len(up.insats)
    for t, n in (("arende", n_a), ("insats", n_i), ("uppfoljning", n_u)):
        plan.records[t] = []
        plan.injected[t] = np.zeros(n, dtype=bool)
        plan.partner[t] = np.zeros(n, dtype=bool)
    if rate <= 0:
        for t in plan.injected:
            plan.quarantined[t] = plan.injected[t]
        return plan

    def bad_kommun(v: int) -> str:
        if v % 3 == 0 and kommun.startswith("0"):
            return kommun[1:]
        return ("9999", "0000", "9999")[v % 3]

    def duplicate(table: str, rows: np.ndarray, r: int, make_id) -> str | None:
        cand_mask = ~plan.injected[table]
        cand_mask[r] = False
        cand = np.nonzero(cand_mask)[0]
        if len(cand) == 0:
            return None
        target = int(cand[rng.integers(len(cand))])
        plan.partner[table][target] = True
        return make_id(target)

    # ------------------------------------------------------------------ arende
    rows, rules = _pick(rng, n_a, rate, ARENDE_RULES)
    plan.injected["arende"][rows] = True
    by, bm, bd = ymd(ch.persons.birth[c.person[rows]]) if len(rows) else (rows, rows, rows)
    for j, (r, rule) in enumerate(zip(rows.tolist(), rules, strict=True)):
        v = int(rng.integers(1_000_000))
        p = int(c.person[r])
        col = ""
        if rule == Rule.OBLIGATORISKT_FALT:
            col = ("verksamhetsomrade", "datum_aktualisering", "aktualiseringsorsak")[v % 3]
            plan.set("arende", r, col, None)
        elif rule == Rule.OGILTIGT_DATUM:
            cols = ["datum_aktualisering"]
            if c.beslut[r] != MISSING:
                cols.append("datum_beslut")
            if c.avslut[r] != MISSING:
                cols.append("datum_avslut")
            col = cols[v % len(cols)]
            day = {"datum_aktualisering": c.akt, "datum_beslut": c.beslut, "datum_avslut": c.avslut}[col][r]
            plan.set("arende", r, col, bad_date(day, v // 7))
        elif rule == Rule.OGILTIGT_HELTAL:
            col = "alder"
            plan.set("arende", r, col, ("tolv", "ca 40", "4O", "tjugo")[v % 4])
        elif rule == Rule.UTANFOR_INTERVALL:
            col = "alder"
            plan.set("arende", r, col, ("150", "-1", "121")[v % 3])
        elif rule == Rule.OKAND_KOD:
            options = [("ursprung", "7"), ("ursprung", "0"), ("hushallstyp", "10"), ("tidigare_kontakt", "5")]
            options += [("juridiskt_kon", "3"), ("aktualiseringsorsak", join_codes([*codes_of(int(c.v2[r])), 15]))]
            if c.v9[r]:
                options.append(("problematik", join_codes([0, *codes_of(int(c.v9[r]))])))
            col, val = options[v % len(options)]
            plan.set("arende", r, col, val)
        elif rule == Rule.OGILTIG_FLERVAL:
            col = "problematik" if (c.v9[r] and v % 2) else "aktualiseringsorsak"
            mask = int(c.v9[r] if col == "problematik" else c.v2[r])
            plan.set("arende", r, col, bad_list(codes_of(mask), v // 2, 14))
        elif rule == Rule.OKAND_KOMMUN:
            col = "kommun_kod"
            plan.set("arende", r, col, bad_kommun(v))
        elif rule == Rule.OKANT_OMRADE:
            col = "verksamhetsomrade"
            plan.set("arende", r, col, ("XYZ", "IFO", "ÄO", "FH")[v % 4])
        elif rule in (Rule.PNR_FORMAT, Rule.PNR_KONTROLLSIFFRA, Rule.PNR_DATUM, Rule.PNR_EFTER_AKTUALISERING):
            col = "personnummer"
            y, m, d = int(by[j]), int(bm[j]), int(bd[j])
            d_out = d + 60 * int(ch.persons.samord[p])
            serial = int(ch.persons.serial[p])
            if rule == Rule.PNR_FORMAT:
                good = pnr_one(y, m, d_out, serial, 0)
                val = (good[:-2], "abc", good.replace("-", "") + "7", good[:8] + "/" + good[9:], good[2:12])[v % 5]
            elif rule == Rule.PNR_KONTROLLSIFFRA:
                fmt = int(ch.pnr_format[r])
                good = pnr_one(y, m, d_out, serial, fmt)
                wrong = (int(good[-1]) + 1 + v % 9) % 10
                val = good[:-1] + str(wrong)
            elif rule == Rule.PNR_DATUM:
                mm, dd = ((13, d), (0, d), (m, 32), (m, 95), (m, 0), (2, 30))[v % 6]
                val = pnr_one(y, mm, dd, serial, 0)
            else:
                born = _d(int(c.akt[r]) + 1 + v % 60)
                val = pnr_one(born.year, born.month, born.day, serial, 0)
            plan.set("arende", r, col, val)
        elif rule == Rule.DATUMORDNING:
            k = 1 + v % 90
            if c.beslut[r] != MISSING and v % 5 < 3:
                col = "datum_beslut"
                c.beslut[r] = c.akt[r] - k
            elif c.avslut[r] != MISSING:
                col = "datum_avslut"
                c.avslut[r] = c.akt[r] - k
            else:
                col = "datum_beslut"
                c.beslut[r] = c.akt[r] - k
        elif rule == Rule.PNR_FODELSENUMMER:
            col = "personnummer"
            y, m, d = int(by[j]), int(bm[j]), int(bd[j])
            plan.set("arende", r, col, pnr_one(y, m, d + 60 * int(ch.persons.samord[p]), 0, int(ch.pnr_format[r])))
        elif rule == Rule.FOR_LANGT_VARDE:
            col = "arende_id"  # its interventions become orphans, as for any quarantined case
            plan.set("arende", r, col, id_arende(a0 + r) + "X" * (200 + v % 50))
        elif rule == Rule.DATUM_UTANFOR:
            col = "datum_beslut"  # a typo in the year: two centuries late
            t = _d(int(c.akt[r]))
            plan.set("arende", r, col, f"{t.year + 200:04d}-{t.month:02d}-{min(t.day, 28):02d}")
        elif rule == Rule.DUBBLETT:
            col = "arende_id"
            other = duplicate("arende", rows, r, lambda t: id_arende(a0 + t))
            if other is None:
                rule, col = Rule.OBLIGATORISKT_FALT, "aktualiseringsorsak"
                plan.set("arende", r, col, None)
            else:
                plan.set("arende", r, col, other)
        plan.records["arende"].append((r, rule, col))

    # ------------------------------------------------------------------ insats
    rows, rules = _pick(rng, n_i, rate, INSATS_RULES)
    plan.injected["insats"][rows] = True
    for r, rule in zip(rows.tolist(), rules, strict=True):
        v = int(rng.integers(1_000_000))
        col = ""
        ended = ins.avslut[r] != MISSING
        if rule == Rule.OBLIGATORISKT_FALT:
            col = ("insatstyp", "datum_beslut", "arende_id")[v % 3]
            plan.set("insats", r, col, None)
        elif rule == Rule.OGILTIGT_DATUM:
            cols = ["datum_beslut"]
            if ins.verk[r] != MISSING:
                cols.append("datum_verkstallighet")
            if ended:
                cols.append("datum_avslut")
            col = cols[v % len(cols)]
            day = {"datum_beslut": ins.beslut, "datum_verkstallighet": ins.verk, "datum_avslut": ins.avslut}[col][r]
            plan.set("insats", r, col, bad_date(day, v // 7))
        elif rule == Rule.OKAND_KOD:
            options = [("insatstyp", "36"), ("insatstyp", "0"), ("parallella_insatser", "4")]
            if ended:
                options += [("genomforande", "4"), ("avslutsorsak", "10")]
            col, val = options[v % len(options)]
            plan.set("insats", r, col, val)
        elif rule == Rule.OKAND_KOMMUN:
            col = "kommun_kod"
            plan.set("insats", r, col, bad_kommun(v))
        elif rule == Rule.DATUMORDNING:
            k = 1 + v % 60
            variant = v % 3
            if variant == 0:
                col = "datum_verkstallighet"
                ins.verk[r] = ins.beslut[r] - k
            elif variant == 1:
                col = "datum_avslut"
                ref = ins.verk[r] if ins.verk[r] != MISSING else ins.beslut[r]
                ins.avslut[r] = ref - k
            else:  # decided before its case was actualised
                col = "datum_beslut"
                ins.beslut[r] = c.akt[ins.case[r]] - k
        elif rule == Rule.KRAVER_AVSLUT:
            col = "datum_avslut"
            if ended:
                ins.avslut[r] = MISSING
                if ins.v19[r] == 0 and ins.v20[r] == 0:
                    ins.v20[r] = 9
            elif v % 2:
                ins.v20[r] = (1, 2, 4, 6, 9)[v % 5]
            else:
                ins.v19[r] = 1 + v % 3
        elif rule == Rule.DUBBLETT:
            col = "insats_id"
            other = duplicate("insats", rows, r, lambda t: id_insats(i0 + t))
            if other is None:
                rule, col = Rule.OBLIGATORISKT_FALT, "insatstyp"
                plan.set("insats", r, col, None)
            else:
                plan.set("insats", r, col, other)
        elif rule == Rule.SAKNAD_FORALDER:
            col = "arende_id"
            plan.set("insats", r, col, f"A9{i0 + r:09d}")
        elif rule == Rule.OGILTIGT_TECKEN:
            col = "insats_id"  # its follow-ups become orphans
            plan.set("insats", r, col, id_insats(i0 + r)[:3] + ("\x00", "\x07", "\x1b")[v % 3] + id_insats(i0 + r)[3:])
        elif rule == Rule.PNR_I_FEL_KOLUMN:
            col = "insats_id"
            pnr = pnr_one(1912, 12, 12, 121, 0)
            n = i0 + r  # ids stay unique: the rule is the only one the row breaks
            plan.set("insats", r, col, (f"pnr:{pnr}:{n}", f"{pnr.replace('-', ' ')}/{n}", f"{pnr}/{n}")[v % 3])
        elif rule == Rule.DATUM_UTANFOR:
            col = "datum_beslut"
            plan.set("insats", r, col, ("0001-01-01", "1899-12-31")[v % 2])
        plan.records["insats"].append((r, rule, col))

    # ------------------------------------------------------------------ uppfoljning
    rows, rules = _pick(rng, n_u, rate, UPPFOLJNING_RULES)
    plan.injected["uppfoljning"][rows] = True
    for r, rule in zip(rows.tolist(), rules, strict=True):
        v = int(rng.integers(1_000_000))
        col = ""
        if rule == Rule.OBLIGATORISKT_FALT:
            col = ("datum_uppfoljning", "insats_id")[v % 2]
            plan.set("uppfoljning", r, col, None)
        elif rule == Rule.OGILTIGT_DATUM:
            col = "datum_uppfoljning"
            plan.set("uppfoljning", r, col, bad_date(up.datum[r], v // 7))
        elif rule == Rule.OKAND_KOD:
            col, val = (
                ("samverkan", "13"),
                ("samverkan", "3|0"),
                ("sip", "4"),
                ("maluppfyllelse", "7"),
                ("maluppfyllelse", "0"),
                ("b1a_situation", "7"),
                ("b2_betydelse", "6"),
                ("b3_nojdhet", "0"),
                ("b5_delaktighet", "6"),
            )[v % 9]
            plan.set("uppfoljning", r, col, val)
        elif rule == Rule.OGILTIG_FLERVAL:
            col = "samverkan"
            codes = [x for x in codes_of(int(up.v14[r])) if x <= 10] or [1 + v % 10]
            plan.set("uppfoljning", r, col, bad_list(codes, v // 3, 10))
        elif rule == Rule.SAMVERKAN_MOTSTRIDIG:
            col = "samverkan"
            plan.set("uppfoljning", r, col, ("11|3", "11|12", "1|12", "1|6|11")[v % 4])
        elif rule == Rule.OKAND_KOMMUN:
            col = "kommun_kod"
            plan.set("uppfoljning", r, col, bad_kommun(v))
        elif rule == Rule.DATUMORDNING:
            col = "datum_uppfoljning"
            up.datum[r] = ins.beslut[up.insats[r]] - (1 + v % 60)
        elif rule == Rule.DUBBLETT:
            col = "uppfoljning_id"
            other = duplicate("uppfoljning", rows, r, lambda t: id_uppfoljning(u0 + t))
            if other is None:
                rule, col = Rule.OBLIGATORISKT_FALT, "datum_uppfoljning"
                plan.set("uppfoljning", r, col, None)
            else:
                plan.set("uppfoljning", r, col, other)
        elif rule == Rule.SAKNAD_FORALDER:
            col = "insats_id"
            plan.set("uppfoljning", r, col, f"I9{u0 + r:09d}")
        plan.records["uppfoljning"].append((r, rule, col))

    # ------------------------------------------------------------------ expected quarantine
    qa = plan.injected["arende"] | plan.partner["arende"]
    qi = plan.injected["insats"] | plan.partner["insats"] | qa[ins.case]
    qu = plan.injected["uppfoljning"] | plan.partner["uppfoljning"] | qi[up.insats]
    plan.quarantined = {"arende": qa, "insats": qi, "uppfoljning": qu}
    return plan


__all__ = ["AREAS", "RULES_BY_TABLE", "Plan", "plan_defects"]
