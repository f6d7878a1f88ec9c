"""DDL of the raw layer: the tables `isu load` writes and dbt reads as sources.

Raw tables keep every version of a row: `giltig_till` is null for the current version; a later
extract that changes a row closes the old version (sets `giltig_till`) and inserts the new one.
"""

from __future__ import annotations

RAW_SCHEMA = "raw"

# Columns common to the three contract tables: lineage and history.
_META = """
    load_id            integer   not null,
    kalla_fil          varchar   not null,
    kalla_rad          bigint    not null,
    rad_hash           varchar   not null,
    giltig_fran        timestamp not null,
    giltig_till        timestamp,
    giltig_till_load_id integer
"""

DDL: dict[str, str] = {
    "arende": f"""
create table if not exists {RAW_SCHEMA}.arende (
    kommun_kod          varchar not null,
    arende_id           varchar not null,
    verksamhetsomrade   varchar not null,
    person_pseudonym    varchar,
    fodelsedatum        date,
    ar_samordningsnummer boolean,
    juridiskt_kon       integer,
    juridiskt_kon_kalla varchar,
    alder_uppgiven      integer,
    datum_aktualisering date    not null,
    aktualiseringsorsak varchar not null,
    ursprung            integer,
    hushallstyp         integer,
    tidigare_kontakt    integer,
    problematik         varchar,
    datum_beslut        date,
    datum_avslut        date,
{_META}
)""",
    "insats": f"""
create table if not exists {RAW_SCHEMA}.insats (
    kommun_kod           varchar not null,
    insats_id            varchar not null,
    arende_id            varchar not null,
    insatstyp            integer not null,
    datum_beslut         date    not null,
    datum_verkstallighet date,
    parallella_insatser  integer,
    datum_avslut         date,
    genomforande         integer,
    avslutsorsak         integer,
{_META}
)""",
    "uppfoljning": f"""
create table if not exists {RAW_SCHEMA}.uppfoljning (
    kommun_kod        varchar not null,
    uppfoljning_id    varchar not null,
    insats_id         varchar not null,
    datum_uppfoljning date    not null,
    samverkan         varchar,
    sip               integer,
    maluppfyllelse    integer,
    b1a_situation     integer,
    b1b_livskvalitet  integer,
    b2_betydelse      integer,
    b3_nojdhet        integer,
    b4_bemotande      integer,
    b5_delaktighet    integer,
{_META}
)""",
    "karantan": f"""
create table if not exists {RAW_SCHEMA}.karantan (
    load_id        integer not null,
    tabell         varchar not null,
    fil            varchar not null,
    rad            bigint,
    kommun_kod     varchar,
    nyckel         varchar,
    kolumn         varchar,
    regel          varchar not null,
    meddelande     varchar not null,
    meddelande_en  varchar not null,
    varde          varchar,
    radinnehall    varchar,
    status         varchar not null,
    status_load_id integer
)""",
    "laddlogg": f"""
create table if not exists {RAW_SCHEMA}.laddlogg (
    load_id              integer   not null,
    tidpunkt             timestamp not null,
    extrakt_sokvag       varchar   not null,
    extrakt_checksumma   varchar   not null,
    tabell               varchar   not null,
    fil                  varchar   not null,
    fil_checksumma       varchar   not null,
    rader_lasta          bigint    not null,
    rader_godkanda       bigint    not null,
    rader_karantan       bigint    not null,
    rader_nya            bigint    not null,
    rader_andrade        bigint    not null,
    rader_oforandrade    bigint    not null,
    rader_sent_laddade   bigint    not null,
    nyckel_id            varchar   not null,
    gx_lyckad            boolean,
    gx_resultat          varchar,
    isu_version          varchar   not null,
    rader_varning        bigint,
    ignorerade_kolumner  varchar,
    kontraktsversion     integer
)""",
    "kommungrupp": f"""
create table if not exists {RAW_SCHEMA}.kommungrupp (
    kommun_kod varchar not null,
    gruppkod   varchar not null,
    gruppnamn  varchar not null
)""",
}

# One row per `isu build`: what it included and whether it was incremental (isu.build_plan).
DDL["bygglogg"] = f"""
create table if not exists {RAW_SCHEMA}.bygglogg (
    bygg_id       integer   not null,
    tid           timestamp not null,
    isu_version   varchar   not null,
    per_laddning  integer,
    till_load_id  integer,
    inkrementell  boolean   not null,
    kommuner      varchar,
    lyckad        boolean   not null
)"""

# The municipalities that the running incremental `isu build` rebuilds (isu.build_plan): read by the
# macro isu_kommunfilter at run time, so that the list is not a dbt variable (a changed variable
# makes dbt parse the whole project again). Empty outside a build.
DDL["byggkommun"] = f"""
create table if not exists {RAW_SCHEMA}.byggkommun (
    kommun_kod varchar not null
)"""

CONTRACT_TABLES = ("arende", "insats", "uppfoljning")

# Warnings of a load (rules of severity varning): the quarantine's columns without the row content
# and the status (the row itself was loaded).
DDL["varning"] = (
    DDL["karantan"]
    .replace(f"{RAW_SCHEMA}.karantan (", f"{RAW_SCHEMA}.varning (")
    .replace("    varde          varchar,\n    radinnehall    varchar,\n    status         varchar not null,\n"
             "    status_load_id integer\n", "    varde          varchar\n")
)  # fmt: skip

# Columns added after a table was first released: a warehouse created before gets them at the next
# load (the rows it has keep null there).
ADDED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "laddlogg": (("rader_varning", "bigint"), ("ignorerade_kolumner", "varchar"), ("kontraktsversion", "integer")),
}

# Rows that passed every row rule but whose parent had not arrived yet (orphans). They are in the
# quarantine too; each load retries them, and they move to the raw table once the parent exists.
for _child in ("insats", "uppfoljning"):
    DDL[f"vantande_{_child}"] = (
        DDL[_child]
        .replace(f"{RAW_SCHEMA}.{_child} (", f"{RAW_SCHEMA}.vantande_{_child} (")
        .replace(
            _META, "\n    load_id integer not null,\n    kalla_fil varchar not null,\n    kalla_rad bigint not null\n"
        )
    )
