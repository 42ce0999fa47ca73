"""Statistics per data holder (docs/indicators.md §6), on the cases the oracle's samples do not
reach: a table held by several institutions and no official source is shown per holder only,
in both versions; the public marks are aligned like the numbers; the exports keep every
holder's row and say which one is official."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from openpyxl import load_workbook
from returns import Returns

from toolkit.aggregate.run import aggregate
from toolkit.declarations.labels import labels

PERIOD = "2026-H1"


@pytest.fixture(scope="module")
def runs(sample_plan, tmp_path_factory):
    """The sample as it is, and with V1 left without an official source."""
    holders = [i.code for i in sample_plan.institutions if "V" in i.statistics]
    assert len(holders) > 1, "V1 is held by several institutions"
    unnamed = dataclasses.replace(sample_plan, official_sources=tuple(
        s for s in sample_plan.official_sources if s.table != "V1"))
    out = {}
    for name, plan in (("named", sample_plan), ("unnamed", unnamed)):
        tmp = tmp_path_factory.mktemp(name)
        rt = Returns(plan, PERIOD, tmp, holders)
        out[name] = (aggregate(plan, rt.period, list(rt.clean.values()), tmp / "out", jobs=1),
                     tmp / "out", rt, holders)
    return out


def _block(ws, title: str) -> list[list]:
    """A table's rows, its heading row first, then the note under it (after a blank line)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(n for n, r in enumerate(rows) if r[0] == title)
    block = []
    for n, row in enumerate(rows[start + 1:]):
        if all(v in (None, "") for v in row):
            return block + [rows[start + 2 + n]]
        block.append(row)
    return block


def test_table_without_official_source__is_shown_per_holder_only(runs):
    _result, out, rt, holders = runs["unnamed"]
    text = labels("en")
    wb = load_workbook(out / "report.xlsx", data_only=True)
    title = text["report.stats.table.V1"]
    restricted = _block(wb[text["monitoring.sheet.statistics_restricted"]], title)
    first = restricted[1]
    assert all(v in (None, "") for v in first[1:4]), "no consolidated figure for the row"
    assert [r[0].strip() for r in restricted[2:2 + len(holders)]] == holders
    public = _block(wb[text["monitoring.sheet.statistics_public"]], title)
    labels_shown = [r[0] for r in public[1:-1]]
    for holder in holders:
        assert any(str(label).endswith(f": {holder}") for label in labels_shown), holder
    assert public[-1][0] == text["monitoring.statistics.per_holder"], "the note says why"


def test_published_figure__is_the_official_one_never_the_sum(runs):
    _result, out, rt, holders = runs["named"]
    text = labels("en")
    official = next(s.institution for s in rt.plan.official_sources if s.table == "V1")
    typed = {h: rt.values[h] for h in holders}
    row, col = "V1:0-11", "V1:female"
    assert len({typed[h][(row, col)] for h in holders}) > 1, "holders differ in the sample"
    wb = load_workbook(out / "report.xlsx", data_only=True)
    restricted = _block(wb[text["monitoring.sheet.statistics_restricted"]],
                        text["report.stats.table.V1"])
    assert restricted[1][1] == typed[official][(row, col)]
    assert restricted[1][1] != sum(typed[h][(row, col)] for h in holders)


def test_public_marks__are_aligned_like_the_numbers(runs):
    _result, out, _rt, _holders = runs["named"]
    text = labels("en")
    ws = load_workbook(out / "report.xlsx")[text["monitoring.sheet.statistics_public"]]
    marks = [c for row in ws.iter_rows() for c in row if c.value in ("<5", ":c")]
    numbers = [c for row in ws.iter_rows(min_row=4) for c in row
               if isinstance(c.value, int) and c.column > 1]
    assert marks and numbers
    assert {c.alignment.horizontal for c in marks} == {c.alignment.horizontal
                                                       for c in numbers} == {"right"}


def test_exports__keep_every_holders_row_and_say_which_is_official(runs):
    _result, out, rt, holders = runs["named"]
    with open(out / "exports" / "statistics.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["table"] == "V1"]
    assert {r["institution"] for r in rows} == set(holders)
    official = next(s.institution for s in rt.plan.official_sources if s.table == "V1")
    assert {r["institution"] for r in rows if r["official"] == "yes"} == \
        {official}
