"""Derive the weekday hourly profile of car traffic (Ganglinie) in ``layers/traffic/profile.py``.

Usage::

    python tools/ganglinie_berlin.py FOLDER

FOLDER holds the monthly files ``mq_hr_2024_MM.csv.gz`` of the open data "Verkehrsdetektion
Berlin" (Senatsverwaltung für Mobilität, Verkehr, Klimaschutz und Umwelt / VIZ Berlin,
https://api.viz.berlin.de/daten/verkehrsdetektion, published on Berlin's open-data portal):
hourly counts per directional measurement cross-section (``mq_name``, ``tag``, ``stunde``,
``q_pkw_mq_hr`` cars, ``q_kfz_mq_hr`` all motor vehicles), and the master data
``Stammdaten_Verkehrsdetektion*.xlsx`` (street of each cross-section). The script keeps

* the cross-sections on city streets (those on a motorway, street "A1xx", are left out),
* Tuesdays to Thursdays outside Berlin's 2024 school and public holidays (the "Normalwerktag" of
  German traffic counting: BASt, Straßenverkehrszählung, DTV Di–Do of normal weeks),
* cross-section days with all 24 hourly values (the source drops an hour with < 75 % valid data),

and prints each hour's share of the day's cars (Σ cars in hour h / Σ cars in all hours, over all
kept cross-section days), with the night share (22–6 h) beside the standard values of RLS-90 and RLS-19.
Needs no package beyond pandas (the xlsx is read with zipfile).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
# Berlin 2024: public holidays and school holidays (Senatsverwaltung für Bildung, Ferienordnung).
HOLIDAYS = [("2024-01-01", "2024-01-01"), ("2024-03-08", "2024-03-08"), ("2024-03-29", "2024-04-01"),
            ("2024-05-01", "2024-05-01"), ("2024-05-09", "2024-05-10"), ("2024-05-20", "2024-05-21"),
            ("2024-10-03", "2024-10-03"), ("2024-02-05", "2024-02-10"), ("2024-03-25", "2024-04-05"),
            ("2024-07-18", "2024-08-30"), ("2024-10-21", "2024-11-02")]
# Standard night volumes when only the DTV is known, Gemeindestraßen: RLS-90 Table 3 0.011 DTV per hour,
# RLS-19 Table 2 0.0100 DTV per hour (8 night hours, 22–6 h).
RLS90_NIGHT_SHARE, RLS19_NIGHT_SHARE = 8 * 0.011, 8 * 0.0100


def motorway_sections(xlsx: Path) -> set[str]:
    """Short names of the cross-sections whose street is a motorway ("A" and a number)."""
    with zipfile.ZipFile(xlsx) as book:
        strings = ["".join(s.itertext()) for s in
                   ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", NS)]
        rows = []
        for row in ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml")).iter(f"{{{NS['m']}}}row"):
            cells = []
            for cell in row.findall("m:c", NS):
                value = cell.find("m:v", NS)
                text = value.text if value is not None else None
                cells.append(strings[int(text)] if cell.get("t") == "s" and text is not None else text)
            rows.append(cells)
    table = pd.DataFrame([dict(zip(rows[0], r)) for r in rows[1:]])
    street = table["STRASSE"].astype(str)
    return set(table.loc[street.str.match(r"^A\d"), "MQ_KURZNAME"])


def hourly_shares(folder: Path) -> tuple[pd.Series, dict]:
    """Each hour's share of the day's cars (index 0…23) and what went into it."""
    files = sorted(folder.glob("mq_hr_2024_*.csv.gz"))
    if not files:
        raise SystemExit(f"No mq_hr_2024_*.csv.gz in {folder}: download them from the Berlin open data portal.")
    counts = pd.concat([pd.read_csv(f, sep=";") for f in files], ignore_index=True)
    counts["date"] = pd.to_datetime(counts["tag"], format="%d.%m.%Y")
    masters = sorted(folder.glob("Stammdaten_Verkehrsdetektion*.xlsx"))
    motorway = motorway_sections(masters[0]) if masters else set()
    counts = counts[~counts["mq_name"].isin(motorway)]
    complete = counts.groupby(["mq_name", "date"])["stunde"].transform("nunique") == 24
    holidays = set().union(*(pd.date_range(a, b) for a, b in HOLIDAYS))
    kept = counts[complete & counts["date"].dt.day_of_week.isin([1, 2, 3]) & ~counts["date"].isin(holidays)]
    cars = kept.groupby("stunde")["q_pkw_mq_hr"].sum()
    facts = {"files": len(files), "sections": kept["mq_name"].nunique(), "days": kept["date"].nunique(),
             "section_days": kept.groupby(["mq_name", "date"]).ngroups, "motorway_sections_left_out": len(motorway)}
    return cars / cars.sum(), facts


def main(argv: list[str] | None = None) -> int:
    """Print the profile as a table and as the tuple ``layers/traffic/profile.py`` holds (in %)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    shares, facts = hourly_shares(parser.parse_args(argv).folder)
    print(facts)
    for hour, share in shares.items():
        print(f"{hour:02d}–{hour + 1:02d} h  {100 * share:6.3f} %")
    night = shares[[22, 23, 0, 1, 2, 3, 4, 5]].sum()
    print(f"night 22–6 h: {100 * night:.2f} % (standard values for Gemeindestraßen: RLS-90 "
          f"{100 * RLS90_NIGHT_SHARE:.1f} %, RLS-19 {100 * RLS19_NIGHT_SHARE:.1f} %)")
    print("(" + ", ".join(f"{100 * s:.3f}" for s in shares) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
