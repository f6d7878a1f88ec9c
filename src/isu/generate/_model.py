"""The statistical model of the synthetic extract: one chunk of clean cases at a time.

Everything here works on numpy arrays. Dates are whole days since 1970-01-01 (int64) with
`MISSING` for an empty date; codes are small integers with 0 for an empty code; multi-valued
variables (V2, V9, V14) are bit masks (bit c-1 set = code c present).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MISSING = np.int64(-(2**40))  # an empty date

AREAS: tuple[str, ...] = ("BOU", "EB", "MB", "VNR", "AO", "LSS", "SP", "OVR")
BOU, EB, MB, VNR, AO, LSS, SP, OVR = range(8)

# Share of cases per area (before a municipality's own perturbation).
AREA_SHARE = np.array([0.30, 0.22, 0.08, 0.05, 0.20, 0.07, 0.05, 0.03])
# Probability that the legal sex is man, per area.
P_MAN = np.array([0.53, 0.50, 0.70, 0.22, 0.38, 0.60, 0.52, 0.50])
# Share of anonymous cases (no personnummer; open, non-assessed services), per area.
P_ANON = np.array([0.04, 0.0, 0.10, 0.08, 0.01, 0.0, 0.07, 0.09])

# V6 origin: close to the Swedish population.
ORIGIN_CODES = np.array([1, 2, 3, 4, 5])
ORIGIN_P = np.array([0.75, 0.06, 0.07, 0.10, 0.02])
P_ORIGIN_EMPTY = 0.01
# Samordningsnummer: mostly people born abroad; about 1 % of all.
P_SAMORDNING_ABROAD = 0.058
P_SAMORDNING_OTHER = 0.001

# Case kinds.
K_NODECISION = 0  # closed (or still open) without a decision
K_NO_INSATS = 1  # decided not to intervene (no intervention rows)
K_INSATS = 2  # one or more interventions
K_ANON = 3  # open, non-assessed service without personnummer

P_NODECISION = np.array([0.30, 0.12, 0.15, 0.15, 0.08, 0.10, 0.12, 0.20])
P_NO_INSATS = np.array([0.22, 0.10, 0.10, 0.10, 0.05, 0.10, 0.08, 0.10])

# Median days actualisation -> decision, per area (a municipality multiplies these).
MEDIAN_UTREDNING = np.array([105.0, 12.0, 35.0, 21.0, 18.0, 40.0, 30.0, 14.0])

# Number of interventions (1..4) in a case with interventions, per area.
N_INSATS_P = {
    EB: [0.25, 0.25, 0.25, 0.25],
    AO: [0.45, 0.35, 0.15, 0.05],
}
N_INSATS_DEFAULT = [0.55, 0.25, 0.13, 0.07]


def _p(weights: dict[int, float], n: int) -> tuple[np.ndarray, np.ndarray]:
    codes = np.array(sorted(weights), dtype=np.int64)
    w = np.array([weights[c] for c in codes], dtype=float)
    assert codes.min() >= 1 and codes.max() <= n
    return codes, w / w.sum()


# V12 intervention types per area.
INSATSTYP = {
    BOU: {1: 3, 10: 12, 12: 10, 16: 6, 26: 4, 17: 10, 18: 12, 29: 25, 2: 8, 25: 2, 31: 3, 28: 5},
    EB: {11: 55, 9: 12, 3: 8, 4: 5, 15: 7, 21: 3, 30: 3, 35: 5, 34: 2},
    MB: {29: 40, 12: 15, 23: 4, 6: 10, 31: 8, 18: 5, 34: 8, 2: 10},
    VNR: {34: 30, 29: 25, 2: 20, 18: 10, 12: 5, 31: 10},
    AO: {13: 30, 14: 20, 32: 15, 33: 15, 24: 8, 20: 7, 8: 3, 5: 2},
    LSS: {27: 15, 7: 25, 22: 10, 18: 12, 19: 8, 20: 12, 6: 10, 5: 8},
    SP: {6: 35, 8: 15, 28: 15, 18: 10, 31: 10, 29: 10, 34: 5},
    OVR: {2: 40, 9: 20, 34: 15, 29: 15, 18: 10},
}
INSATSTYP_ANON = {
    BOU: {29: 60, 18: 40},
    MB: {29: 70, 8: 30},
    VNR: {29: 60, 2: 40},
    AO: {8: 60, 24: 40},
    SP: {8: 50, 28: 30, 29: 20},
    OVR: {2: 70, 29: 30},
}
PLACEMENTS = (1, 10, 12, 16, 26)
LABOUR_MARKET = (3, 4, 15, 21, 30, 35)

# Median days decision -> implementation, and implementation -> end, per intervention type.
MEDIAN_VERKST = np.full(36, 14.0)
for _t, _d in {
    11: 3,
    9: 4,
    3: 21,
    4: 21,
    15: 14,
    21: 21,
    30: 21,
    35: 21,
    1: 5,
    10: 10,
    12: 7,
    16: 2,
    26: 10,
    32: 55,
    13: 7,
    14: 8,
    33: 10,
    24: 5,
    20: 10,
    27: 45,
    7: 30,
    22: 30,
    29: 21,
    23: 3,
    34: 7,
    31: 30,
    6: 21,
}.items():
    MEDIAN_VERKST[_t] = _d
MEDIAN_VARAKTIGHET = np.full(36, 180.0)
for _t, _d in {
    11: 30,
    9: 20,
    3: 120,
    4: 90,
    15: 90,
    21: 60,
    30: 45,
    35: 120,
    1: 180,
    10: 540,
    12: 180,
    16: 45,
    26: 365,
    32: 800,
    13: 450,
    14: 400,
    33: 700,
    24: 300,
    20: 25,
    8: 200,
    5: 250,
    27: 1500,
    7: 1200,
    22: 500,
    19: 400,
    18: 365,
    17: 365,
    29: 150,
    23: 120,
    25: 200,
    34: 120,
    31: 240,
    6: 300,
    28: 300,
    2: 90,
}.items():
    MEDIAN_VARAKTIGHET[_t] = _d
# Months between follow-ups, per type (placements: about every six months).
FU_INTERVALL = np.full(36, 120.0)
for _t in PLACEMENTS:
    FU_INTERVALL[_t] = 170.0
for _t in (11, 9):
    FU_INTERVALL[_t] = 60.0
for _t in (32, 13, 14, 33, 27, 7):
    FU_INTERVALL[_t] = 270.0
P_NO_FOLLOWUP = np.array([0.10, 0.50, 0.10, 0.10, 0.25, 0.15, 0.10, 0.20])

# V2 actualisation reasons (and V9 problems) per area: codes 1..14.
ORSAK = {
    BOU: {1: 30, 2: 15, 6: 10, 8: 6, 9: 8, 12: 12, 13: 3, 14: 8, 3: 3, 4: 2, 7: 3},
    EB: {10: 70, 6: 8, 8: 5, 11: 5, 14: 5, 4: 4, 2: 3},
    MB: {8: 70, 6: 12, 9: 6, 11: 5, 4: 4, 2: 3},
    VNR: {2: 60, 3: 25, 6: 6, 8: 5, 1: 4},
    AO: {1: 45, 4: 25, 5: 15, 7: 8, 6: 4, 14: 3},
    LSS: {5: 35, 7: 40, 1: 15, 6: 5, 14: 5},
    SP: {6: 55, 7: 15, 11: 8, 8: 8, 10: 5, 1: 9},
    OVR: {14: 40, 11: 20, 10: 15, 6: 10, 1: 15},
}
N_CODES_P = np.array([0.60, 0.30, 0.10])  # one, two or three codes

# V14 collaboration partners 1..10 per area (11/12 handled apart).
SAMVERKAN = {
    BOU: {2: 10, 3: 30, 1: 20, 6: 15, 4: 5, 10: 10, 7: 3, 8: 4},
    EB: {10: 40, 1: 25, 9: 20, 7: 5, 5: 5, 6: 5},
    MB: {1: 40, 5: 15, 6: 15, 9: 15, 4: 5, 10: 10},
    VNR: {6: 30, 1: 30, 10: 20, 5: 10, 3: 10},
    AO: {1: 60, 9: 25, 8: 5, 10: 10},
    LSS: {8: 35, 9: 20, 1: 20, 3: 15, 10: 10},
    SP: {1: 50, 9: 20, 10: 20, 6: 5, 5: 5},
    OVR: {10: 40, 1: 30, 6: 15, 9: 15},
}

# V20 end reasons for interventions that started, per area (8 = never started is set apart).
AVSLUTSORSAK = {
    BOU: {1: 45, 2: 8, 3: 6, 4: 8, 5: 5, 6: 10, 9: 18},
    EB: {1: 45, 2: 5, 4: 10, 6: 12, 9: 28},
    MB: {1: 35, 2: 10, 3: 10, 4: 20, 6: 5, 7: 2, 9: 18},
    VNR: {1: 45, 2: 8, 3: 5, 4: 15, 6: 12, 9: 15},
    AO: {1: 15, 2: 5, 4: 5, 6: 10, 7: 45, 9: 20},
    LSS: {1: 40, 2: 10, 4: 10, 6: 15, 7: 5, 9: 20},
    SP: {1: 40, 2: 10, 3: 5, 4: 15, 6: 10, 7: 2, 9: 18},
    OVR: {1: 50, 2: 10, 4: 10, 6: 10, 9: 20},
}

SEASON = np.array([1.0, 1.05, 1.1, 1.0, 1.05, 0.9, 0.62, 0.88, 1.15, 1.15, 1.1, 0.85])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 0.95, 0.3, 0.25])  # Monday..Sunday


@dataclass(frozen=True)
class KommunParams:
    """What makes one municipality differ from another."""

    kod: str
    n_cases: int
    area_share: np.ndarray
    m_utredning: float  # multiplier of the actualisation -> decision median
    m_verkst: float  # decision -> implementation
    m_varaktighet: float  # implementation -> end
    m_uppfoljning: float  # interval between follow-ups


def make_kommun_params(rng: np.random.Generator, kod: str, n_cases: int) -> KommunParams:
    share = rng.dirichlet(AREA_SHARE * 150.0)
    m = rng.lognormal(0.0, 0.3, size=4)
    return KommunParams(kod, n_cases, share, float(m[0]), float(m[1]), float(m[2]), float(m[3]))


def day_cdf(start_day: int, end_day: int) -> np.ndarray:
    """Cumulative probability of an actualisation on each day start..end (season and weekday)."""
    days = np.arange(start_day, end_day + 1).astype("datetime64[D]")
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    w = SEASON[month] * WEEKDAY[weekday]
    c = np.cumsum(w)
    return c / c[-1]


# ---------------------------------------------------------------------------------------------
# small vectorised helpers


def cat_by_group(
    rng: np.random.Generator, group: np.ndarray, table: dict[int, dict[int, float]], n_codes: int
) -> np.ndarray:
    """One code per row, drawn from the distribution of the row's group."""
    out = np.zeros(len(group), dtype=np.int64)
    for g in range(8):
        idx = np.nonzero(group == g)[0]
        if len(idx) == 0 or g not in table:
            continue
        codes, p = _p(table[g], n_codes)
        out[idx] = rng.choice(codes, size=len(idx), p=p)
    return out


def multi_by_group(
    rng: np.random.Generator,
    group: np.ndarray,
    table: dict[int, dict[int, float]],
    n_codes: int,
    k: np.ndarray,
) -> np.ndarray:
    """A bit mask of k[i] distinct codes per row (weighted, without replacement; Gumbel top-k)."""
    out = np.zeros(len(group), dtype=np.int64)
    for g in range(8):
        idx = np.nonzero(group == g)[0]
        if len(idx) == 0:
            continue
        codes, p = _p(table[g], n_codes)
        keys = np.log(p)[None, :] + rng.gumbel(size=(len(idx), len(codes)))
        order = np.argsort(-keys, axis=1)
        kk = np.minimum(k[idx], len(codes))
        mask = np.zeros(len(idx), dtype=np.int64)
        for j in range(int(kk.max(initial=0))):
            sel = kk > j
            mask[sel] |= np.left_shift(1, codes[order[sel, j]] - 1)
        out[idx] = mask
    return out


def lognormal_days(rng: np.random.Generator, median: np.ndarray | float, sigma: float, n: int) -> np.ndarray:
    return np.floor(np.asarray(median) * np.exp(sigma * rng.standard_normal(n))).astype(np.int64)


def from_probs(rng: np.random.Generator, p: np.ndarray | list[float], n: int) -> np.ndarray:
    """Codes 1..len(p) drawn with probabilities p."""
    return rng.choice(np.arange(1, len(p) + 1), size=n, p=np.asarray(p) / np.sum(p))


def latent_category(z: np.ndarray, shares: list[float]) -> np.ndarray:
    """Codes 1..len(shares) from a standard-normal latent: high z gives code 1 (the best)."""
    from statistics import NormalDist

    cum = np.cumsum(shares)[:-1] / np.sum(shares)
    thresholds = np.array([NormalDist().inv_cdf(1.0 - c) for c in cum])
    return 1 + np.sum(z[:, None] < thresholds[None, :], axis=1)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dd = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return y, m, dd


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """The date `months` calendar months later (day clipped to the month's length)."""
    y, m, d = ymd(days)
    mi = (y - 1970) * 12 + (m - 1) + months
    first = mi.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    nxt = (mi + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return first + np.minimum(d, nxt - first) - 1


# ---------------------------------------------------------------------------------------------
# persons

BOU_AGE_P = np.array([3, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 6, 7, 8, 8, 8, 6], dtype=float)


def sample_age_years(rng: np.random.Generator, area: np.ndarray) -> np.ndarray:
    n = len(area)
    age = np.zeros(n)
    u = rng.random(n)

    def put(a: int, values: np.ndarray) -> None:
        idx = np.nonzero(area == a)[0]
        age[idx] = values[idx]

    put(BOU, rng.choice(18, size=n, p=BOU_AGE_P / BOU_AGE_P.sum()) + rng.random(n))
    put(EB, np.minimum(18 + rng.gamma(2.0, 9.0, n), 85))
    put(MB, np.minimum(18 + rng.gamma(2.5, 9.0, n), 88))
    put(VNR, np.minimum(18 + rng.gamma(2.5, 8.0, n), 90))
    ao = np.where(u < 0.05, 50 + 15 * rng.random(n), np.minimum(65 + rng.gamma(2.2, 7.0, n), 106.5))
    put(AO, ao)
    put(LSS, np.where(u < 0.3, 3 + 15 * rng.random(n), np.minimum(18 + rng.gamma(2.0, 12.0, n), 85)))
    put(SP, np.minimum(18 + rng.gamma(2.5, 10.0, n), 90))
    put(OVR, np.where(u < 0.15, 18 * rng.random(n), np.minimum(18 + rng.gamma(2.0, 14.0, n), 95)))
    return age


@dataclass
class Persons:
    birth: np.ndarray  # days
    sex: np.ndarray  # 1 woman, 2 man
    origin: np.ndarray  # 0 = empty
    samord: np.ndarray  # bool
    serial: np.ndarray  # 980..999, parity = sex
    anon: np.ndarray  # bool: never has a personnummer


def new_persons(rng: np.random.Generator, area: np.ndarray, akt: np.ndarray, anon: np.ndarray) -> Persons:
    n = len(area)
    age = sample_age_years(rng, area)
    birth = akt - np.floor(age * 365.25).astype(np.int64)
    sex = np.where(rng.random(n) < P_MAN[area], 2, 1)
    origin = rng.choice(ORIGIN_CODES, size=n, p=ORIGIN_P)
    origin[rng.random(n) < P_ORIGIN_EMPTY] = 0
    p_s = np.where((origin == 3) | (origin == 4), P_SAMORDNING_ABROAD, P_SAMORDNING_OTHER)
    samord = (rng.random(n) < p_s) & ~anon
    serial = np.zeros(n, dtype=np.int64)
    return Persons(birth, sex, origin, samord, serial, anon)


def assign_serials(p: Persons, chunk_in_kommun: int) -> None:
    """Serial numbers 980-999 (the ISU synthetic range), distinct within a chunk where possible.

    Persons sharing birth date, sex and number kind get consecutive serials from an offset that
    depends on the group and rotates by three per chunk, so that sparse groups also stay distinct
    across the next chunks of the same municipality (the range holds only ten serials per sex).
    """
    n = len(p.birth)
    if n == 0:
        return
    key = (p.birth + 100_000) * 4 + p.samord.astype(np.int64) * 2 + (p.sex - 1)
    order = np.argsort(key, kind="stable")
    sk = key[order]
    start = np.r_[True, sk[1:] != sk[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    rank_sorted = np.arange(n) - first
    offset = (sk * 7 + 3 * chunk_in_kommun) % 10
    j_sorted = (offset + rank_sorted) % 10
    j = np.empty(n, dtype=np.int64)
    j[order] = j_sorted
    p.serial[:] = 980 + 2 * j + (p.sex == 2)


# ---------------------------------------------------------------------------------------------
# cases and interventions


@dataclass
class Cases:
    area: np.ndarray
    person: np.ndarray  # index into the chunk's persons
    akt: np.ndarray
    kind: np.ndarray
    react: np.ndarray  # bool: a re-actualisation of an earlier case of this chunk
    beslut: np.ndarray
    avslut: np.ndarray
    v2: np.ndarray
    v7: np.ndarray
    v8: np.ndarray
    v9: np.ndarray


@dataclass
class Insatser:
    case: np.ndarray  # index into the chunk's cases
    typ: np.ndarray
    beslut: np.ndarray
    verk: np.ndarray
    avslut: np.ndarray
    v16: np.ndarray
    v19: np.ndarray
    v20: np.ndarray


@dataclass
class Uppfoljningar:
    insats: np.ndarray
    datum: np.ndarray
    v14: np.ndarray
    v15: np.ndarray
    v17: np.ndarray
    b: np.ndarray  # (n, 6): B1a, B1b, B2, B3, B4, B5


def _concat(objs: list, cls: type) -> object:
    fields = cls.__dataclass_fields__
    return cls(**{f: np.concatenate([getattr(o, f) for o in objs]) for f in fields})


def simulate_cases(
    rng: np.random.Generator,
    kp: KommunParams,
    persons: Persons,
    area: np.ndarray,
    person: np.ndarray,
    akt: np.ndarray,
    react: np.ndarray,
    end_day: int,
) -> tuple[Cases, Insatser]:
    n = len(area)
    sex = persons.sex[person]
    anon = persons.anon[person]
    age_years = (akt - persons.birth[person]) / 365.25

    # kind of case
    u = rng.random(n)
    kind = np.where(
        u < P_NODECISION[area],
        K_NODECISION,
        np.where(u < P_NODECISION[area] + P_NO_INSATS[area], K_NO_INSATS, K_INSATS),
    )
    kind[anon] = K_ANON

    # V2 reasons: 1-3 codes, area-typical; violence: victims mostly women, perpetrators men
    k = rng.choice(np.arange(1, 4), size=n, p=N_CODES_P)
    v2 = multi_by_group(rng, area, ORSAK, 14, k)
    vnr = area == VNR
    perp = vnr & (sex == 2) & (rng.random(n) < 0.55)
    v2[vnr] &= ~np.int64(0b110)  # clear codes 2 and 3, then set the right one
    v2[vnr & ~perp] |= 1 << 1
    v2[perp] |= 1 << 2
    # EB: young adults often come for labour-market reasons (reason 10, "not self-supporting")
    v2[(area == EB) & (age_years < 25) & (rng.random(n) < 0.6)] |= 1 << 9

    # V7 household
    child = age_years < 18
    old = age_years >= 65
    v7 = np.where(
        child,
        rng.choice([2, 5, 8], size=n, p=[0.35, 0.5, 0.15]),
        np.where(
            old,
            rng.choice([1, 3, 4, 6, 7], size=n, p=[0.6, 0.04, 0.3, 0.02, 0.04]),
            rng.choice([1, 2, 3, 4, 5, 6, 7, 8], size=n, p=[0.42, 0.14, 0.03, 0.14, 0.15, 0.02, 0.08, 0.02]),
        ),
    )
    v7[rng.random(n) < 0.06] = 0
    # V8 earlier contact
    v8 = np.where(
        react,
        rng.choice([2, 4], size=n, p=[0.9, 0.1]),
        rng.choice([1, 2, 3, 4], size=n, p=[0.45, 0.2, 0.25, 0.1]),
    )
    v8[rng.random(n) < 0.05] = 0

    # decision
    lead = lognormal_days(rng, MEDIAN_UTREDNING[area] * kp.m_utredning, 0.55, n)
    beslut = akt + lead
    beslut[kind == K_ANON] = akt[kind == K_ANON]
    beslut[kind == K_NODECISION] = MISSING
    beslut[beslut > end_day] = MISSING
    decided = beslut != MISSING
    v9 = np.zeros(n, dtype=np.int64)
    has_v9 = decided & (kind != K_ANON) & (rng.random(n) < 0.92)
    kp9 = rng.choice(np.arange(1, 4), size=n, p=[0.5, 0.35, 0.15])
    v9_extra = multi_by_group(rng, area, ORSAK, 14, kp9)
    first_reason = np.where(v2 > 0, v2 & -v2, 0)  # lowest set bit
    keep_reason = rng.random(n) < 0.75
    v9[has_v9] = (v9_extra | np.where(keep_reason, first_reason, 0))[has_v9]

    avslut = np.full(n, MISSING, dtype=np.int64)
    # closed without a decision (no investigation opened, or it was closed)
    nd = kind == K_NODECISION
    close_nd = akt + lognormal_days(rng, np.where(area == BOU, 14.0, 21.0), 0.7, n)
    avslut[nd] = close_nd[nd]
    # decided not to intervene
    ni = (kind == K_NO_INSATS) & decided
    close_ni = beslut + rng.integers(0, 15, size=n)
    avslut[ni] = close_ni[ni]

    ins = simulate_insatser(rng, kp, area, kind, beslut, persons, person, end_day)

    # cases with interventions close when all of them have ended
    has = np.zeros(n, dtype=np.int64)
    np.add.at(has, ins.case, 1)
    open_ = np.zeros(n, dtype=np.int64)
    np.add.at(open_, ins.case, (ins.avslut == MISSING).astype(np.int64))
    last = np.full(n, MISSING, dtype=np.int64)
    np.maximum.at(last, ins.case, ins.avslut)
    closed = (has > 0) & (open_ == 0)
    close_ins = last + np.where(kind == K_ANON, 0, rng.integers(0, 31, size=n))
    avslut[closed] = close_ins[closed]
    avslut[avslut > end_day] = MISSING
    return Cases(area, person, akt, kind, react, beslut, avslut, v2, v7, v8, v9), ins


def simulate_insatser(
    rng: np.random.Generator,
    kp: KommunParams,
    area: np.ndarray,
    kind: np.ndarray,
    beslut: np.ndarray,
    persons: Persons,
    person: np.ndarray,
    end_day: int,
) -> Insatser:
    n = len(area)
    decided = beslut != MISSING
    cnt = np.zeros(n, dtype=np.int64)
    for a in range(8):
        idx = np.nonzero((area == a) & (kind == K_INSATS) & decided)[0]
        cnt[idx] = from_probs(rng, N_INSATS_P.get(a, N_INSATS_DEFAULT), len(idx))
    anon_idx = np.nonzero((kind == K_ANON) & decided)[0]
    cnt[anon_idx] = 1

    parts: list[Insatser] = []
    prev_beslut = beslut.copy()
    prev_avslut = np.full(n, MISSING, dtype=np.int64)
    alive = cnt > 0
    for j in range(4):
        idx = np.nonzero(alive & (cnt > j))[0]
        if len(idx) == 0:
            break
        m = len(idx)
        a = area[idx]
        if j == 0:
            b = beslut[idx]
        else:
            gap_eb = lognormal_days(rng, 30.0, 0.25, m)
            gap = lognormal_days(rng, 60.0, 0.8, m)
            follow_prev = (prev_avslut[idx] != MISSING) & (rng.random(m) < 0.4)
            b = np.where(
                a == EB,
                prev_beslut[idx] + gap_eb,
                np.where(follow_prev, prev_avslut[idx] + rng.integers(0, 31, size=m), prev_beslut[idx] + gap),
            )
            ok = b <= end_day
            alive[idx[~ok]] = False
            idx, b, a, m = idx[ok], b[ok], a[ok], int(ok.sum())
            if m == 0:
                break
        anon = kind[idx] == K_ANON
        typ = cat_by_group(rng, a, INSATSTYP, 35)
        if anon.any():
            typ[anon] = cat_by_group(rng, a[anon], INSATSTYP_ANON, 35)
        # implementation
        verk = b + lognormal_days(rng, MEDIAN_VERKST[typ] * kp.m_verkst, 0.8, m)
        verk[anon] = b[anon]
        never = (rng.random(m) < 0.04) & ~anon
        verk[never] = MISSING
        verk[verk > end_day] = MISSING
        # end
        dur_median = np.where(anon, 60.0, MEDIAN_VARAKTIGHET[typ] * kp.m_varaktighet)
        age_at = (b - persons.birth[person[idx]]) / 365.25
        dur_median = np.where((a == AO) & (age_at > 90), dur_median * 0.6, dur_median)
        avsl = np.where(verk != MISSING, verk + lognormal_days(rng, dur_median, 0.9, m), MISSING)
        never_end = never & (rng.random(m) < 0.6)
        avsl[never_end] = (b + lognormal_days(rng, 30.0, 0.6, m))[never_end]
        avsl[avsl > end_day] = MISSING
        ended = avsl != MISSING
        # V20 end reason and V19 implementation, only when ended
        v20 = cat_by_group(rng, a, AVSLUTSORSAK, 9)
        v20[(a != BOU) & (v20 == 5)] = 9
        v20[never] = 8
        v20[~ended | (rng.random(m) < 0.05)] = 0
        v19 = np.where(
            v20 == 1,
            from_probs(rng, [0.75, 0.22, 0.03], m),
            np.where(
                np.isin(v20, (3, 4, 5)), from_probs(rng, [0.05, 0.45, 0.5], m), from_probs(rng, [0.35, 0.45, 0.2], m)
            ),
        )
        v19[v20 == 8] = 3
        v19[~ended | (rng.random(m) < 0.15)] = 0
        parts.append(
            Insatser(
                case=idx,
                typ=typ,
                beslut=b,
                verk=verk,
                avslut=avsl,
                v16=np.zeros(m, dtype=np.int64),
                v19=v19,
                v20=v20,
            )
        )
        prev_beslut[idx] = b
        prev_avslut[idx] = avsl
    if not parts:
        z = np.zeros(0, dtype=np.int64)
        return Insatser(z, z, z, z, z, z, z, z)
    ins: Insatser = _concat(parts, Insatser)  # type: ignore[assignment]
    order = np.lexsort((ins.beslut, ins.case))
    ins = Insatser(**{f: getattr(ins, f)[order] for f in Insatser.__dataclass_fields__})
    # V16 parallel interventions
    per_case = np.bincount(ins.case, minlength=n)[ins.case]
    m = len(ins.case)
    ins.v16[:] = np.where(per_case > 1, from_probs(rng, [0.8, 0.12, 0.08], m), from_probs(rng, [0.15, 0.75, 0.1], m))
    ins.v16[rng.random(m) < 0.1] = 0
    return ins


def simulate_uppfoljningar(
    rng: np.random.Generator, kp: KommunParams, ins: Insatser, area: np.ndarray, end_day: int
) -> Uppfoljningar:
    """0-4 follow-ups per intervention, dated on or after its decision and not after `end_day`."""
    m = len(ins.case)
    interval = FU_INTERVALL[ins.typ] * kp.m_uppfoljning
    cap = np.where(ins.avslut != MISSING, ins.avslut, end_day + 1)  # intermediate ones before this
    ended = ins.avslut != MISSING
    none = (rng.random(m) < P_NO_FOLLOWUP[area]) | ((ins.verk == MISSING) & (rng.random(m) < 0.9))
    final = ended & (rng.random(m) < 0.8) & ~none
    steps = interval[:, None] * np.exp(0.2 * rng.standard_normal((m, 4)))
    cand = ins.beslut[:, None] + np.floor(np.cumsum(steps, axis=1)).astype(np.int64)
    valid = (cand < cap[:, None]) & ~none[:, None]
    valid[:, 3] &= ~final  # at most four in all
    final_date = np.maximum(ins.beslut, ins.avslut - rng.integers(0, 11, size=m))
    dates = np.concatenate([cand, final_date[:, None]], axis=1)
    valid = np.concatenate([valid, final[:, None]], axis=1)
    ii, jj = np.nonzero(valid)
    d = dates[ii, jj]
    order = np.lexsort((jj, ii))
    ii, jj, d = ii[order], jj[order], d[order]
    is_final = jj == 4
    n = len(ii)
    a = area[ii]

    # V17 goal attainment
    v20 = ins.v20[ii]
    v17 = np.where(
        is_final & (v20 == 1),
        from_probs(rng, [0.6, 0.15, 0.15, 0.04, 0.01, 0.05], n),
        np.where(
            is_final & np.isin(v20, (2, 3, 4, 5)),
            from_probs(rng, [0.03, 0.15, 0.05, 0.4, 0.27, 0.1], n),
            from_probs(rng, [0.18, 0.32, 0.07, 0.23, 0.08, 0.12], n),
        ),
    )
    v17[rng.random(n) < 0.15] = 0

    # V14 collaboration: 12 alone (no need), 11 alone (need not met), or 1-3 partners
    u = rng.random(n)
    k = rng.choice(np.arange(1, 4), size=n, p=[0.55, 0.33, 0.12])
    partners = multi_by_group(rng, a, SAMVERKAN, 10, k)
    v14 = np.where(u < 0.33, 1 << 11, np.where(u < 0.43, 1 << 10, partners))
    v14[rng.random(n) < 0.2] = 0
    # V15 SIP: more often in place when health care is involved
    health = (v14 & 1) > 0
    v15 = np.where(health, from_probs(rng, [0.35, 0.2, 0.45], n), from_probs(rng, [0.1, 0.12, 0.78], n))
    v15[(v14 == 1 << 10) & (rng.random(n) < 0.5)] = 2
    v15[rng.random(n) < 0.4] = 0

    # B1a-B5: the client's own answers on about 30 % of follow-ups, correlated with V17
    b = np.zeros((n, 6), dtype=np.int64)
    asked = rng.random(n) < 0.3
    z = rng.standard_normal(n) + 0.5 * np.isin(v17, (1, 2)) - 0.6 * (v17 == 5)
    specs = [
        ([0.30, 0.30, 0.25, 0.10, 0.05], 0.07),  # B1a situation
        ([0.25, 0.32, 0.28, 0.10, 0.05], 0.08),  # B1b quality of life
        ([0.40, 0.32, 0.16, 0.12], 0.08),  # B2 importance (1-4, 5 = don't know)
        ([0.45, 0.30, 0.12, 0.08, 0.05], 0.04),  # B3 satisfaction
        ([0.60, 0.25, 0.09, 0.04, 0.02], 0.03),  # B4 treatment
        ([0.30, 0.35, 0.22, 0.13], 0.07),  # B5 influence (1-4, 5 = don't know)
    ]
    for col, (shares, p_dk) in enumerate(specs):
        zz = 0.8 * z + 0.6 * rng.standard_normal(n)
        c = latent_category(zz, shares)
        c[rng.random(n) < p_dk] = len(shares) + 1
        c[~asked | (rng.random(n) < 0.08)] = 0
        b[:, col] = c
    return Uppfoljningar(ii.astype(np.int64), d, v14.astype(np.int64), v15, v17, b)


# ---------------------------------------------------------------------------------------------
# a whole chunk


@dataclass
class Chunk:
    kp: KommunParams
    persons: Persons
    cases: Cases
    insatser: Insatser
    uppf: Uppfoljningar
    pnr_format: np.ndarray  # per case: 0 YYYYMMDD-NNNN, 1 YYYYMMDDNNNN, 2 YYMMDD-NNNN, 3 YYMMDD+NNNN
    show_kon_alder: np.ndarray  # per case: juridiskt_kon and alder filled in


P_REACT = 0.18  # share of closed cases (whose new date falls inside the extract) re-actualised
P_REACT_WITHIN_12M = 0.85


def simulate_chunk(
    rng: np.random.Generator,
    kp: KommunParams,
    n: int,
    start_day: int,
    end_day: int,
    cdf: np.ndarray,
    chunk_in_kommun: int = 0,
) -> Chunk:
    def base(m: int) -> tuple[np.ndarray, np.ndarray, Persons]:
        area = rng.choice(8, size=m, p=kp.area_share)
        akt = start_day + np.minimum(np.searchsorted(cdf, rng.random(m), side="right"), len(cdf) - 1)
        anon = rng.random(m) < P_ANON[area]
        return area, akt.astype(np.int64), new_persons(rng, area, akt, anon)

    n_base = n if n < 20 else round(n * 0.9)
    area, akt, persons = base(n_base)
    person = np.arange(n_base)
    cases, ins = simulate_cases(rng, kp, persons, area, person, akt, np.zeros(n_base, bool), end_day)
    all_cases, all_ins = [cases], [ins]
    remaining = n - n_base
    prev, offset = cases, 0
    while remaining > 0:
        closed = (prev.avslut != MISSING) & ~persons.anon[prev.person]
        pick = closed & (rng.random(len(prev.area)) < P_REACT)
        within = rng.random(len(prev.area)) < P_REACT_WITHIN_12M
        delay = np.where(
            within,
            1 + np.minimum(np.floor(rng.exponential(110.0, len(prev.area))), 363),
            366 + rng.integers(0, 500, len(prev.area)),
        ).astype(np.int64)
        new_akt = prev.avslut + delay
        within_12m = new_akt <= add_months(np.where(prev.avslut == MISSING, 0, prev.avslut), 12)
        new_akt = np.where(within & ~within_12m, prev.avslut + 1, new_akt)
        pick &= new_akt <= end_day
        idx = np.nonzero(pick)[0][:remaining]
        if len(idx) == 0:
            break
        c, i = simulate_cases(
            rng, kp, persons, prev.area[idx], prev.person[idx], new_akt[idx], np.ones(len(idx), bool), end_day
        )
        offset += len(prev.area)
        i.case += offset
        all_cases.append(c)
        all_ins.append(i)
        remaining -= len(idx)
        prev = c
    if remaining > 0:  # fill up with new people
        area2, akt2, p2 = base(remaining)
        person2 = np.arange(remaining) + len(persons.birth)
        persons = _concat([persons, p2], Persons)  # type: ignore[assignment]
        c, i = simulate_cases(rng, kp, persons, area2, person2, akt2, np.zeros(remaining, bool), end_day)
        i.case += offset + len(prev.area)
        all_cases.append(c)
        all_ins.append(i)
    cases = _concat(all_cases, Cases)  # type: ignore[assignment]
    ins = _concat(all_ins, Insatser)  # type: ignore[assignment]
    assign_serials(persons, chunk_in_kommun)

    # order cases by actualisation date (ids then grow with time), interventions by case
    order = np.argsort(cases.akt, kind="stable")
    cases = Cases(**{f: getattr(cases, f)[order] for f in Cases.__dataclass_fields__})
    new_pos = np.empty_like(order)
    new_pos[order] = np.arange(len(order))
    ins.case = new_pos[ins.case]
    iorder = np.lexsort((np.arange(len(ins.case)), ins.case))
    ins = Insatser(**{f: getattr(ins, f)[iorder] for f in Insatser.__dataclass_fields__})
    uppf = simulate_uppfoljningar(rng, kp, ins, cases.area[ins.case], end_day)

    # personnummer format per case; short forms only where the century is unambiguous
    nc = len(cases.akt)
    fmt = rng.choice(4, size=nc, p=[0.70, 0.15, 0.15, 0.0])
    birth = persons.birth[cases.person]
    by, bm, bd = ymd(birth)
    ay, am, ad = ymd(cases.akt)
    ey, em, ed = ymd(np.array([end_day]))
    b_md = bm * 100 + bd
    centenarian = (by + 100) * 10000 + b_md <= ay * 10000 + am * 100 + ad
    young_enough = by * 10000 + b_md > (ey[0] - 95) * 10000 + em[0] * 100 + ed[0]
    short = fmt == 2
    fmt[short & centenarian] = 3
    fmt[short & ~centenarian & ~young_enough] = 0
    # juridiskt_kon and alder: always for anonymous cases, on a quarter of the others
    show = persons.anon[cases.person] | (rng.random(nc) < 0.25)
    return Chunk(kp, persons, cases, ins, uppf, fmt, show)
