"""A return that cannot be used but still tells whose it is (docs/indicators.md §8): saved by
LibreOffice as .ods or .xls, it is rejected, and the ledger, the Submissions sheet and the
feedback name its institution, which is not counted as missing."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from returns import Returns

from tests.support import libreoffice as lo
from toolkit.aggregate.run import aggregate
from toolkit.declarations.labels import labels

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]

ODS, XLS = "POL", "SOC-CTR"


@pytest.fixture(scope="module")
def result(sample_plan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("other-formats")
    rt = Returns(sample_plan, "2026-H1", tmp, [ODS, XLS, "NATC-OFF"])
    sent = tmp / "sent"
    [ods] = lo.convert([rt.clean[ODS]], sent, fmt="ods", recalc=False)
    [xls] = lo.convert([rt.clean[XLS]], sent, fmt="xls:MS Excel 97", recalc=False)
    (sent / rt.clean["NATC-OFF"].name).write_bytes(rt.clean["NATC-OFF"].read_bytes())
    out = tmp / "out"
    return aggregate(sample_plan, rt.period, [sent], out, jobs=1), out, (ods.name, xls.name)


def test_ods_and_xls_returns__are_rejected_and_attributed_in_the_ledger(result):
    _agg, out, names = result
    entries = {e["name"].rsplit("/", 1)[-1]: e
               for e in json.loads((out / "ledger.json").read_text(encoding="utf-8"))}
    assert [(entries[n]["verdict"], entries[n]["institution"]) for n in names] == \
        [("rejected", ODS), ("rejected", XLS)]


def test_ods_and_xls_returns__are_shown_rejected_with_why_and_get_feedback(result):
    agg, out, names = result
    text = labels("en")
    ws = load_workbook(out / "report.xlsx", data_only=True)[text["monitoring.sheet.submissions"]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    for code, name in zip((ODS, XLS), names):
        state = rows[code][3]
        assert state.startswith("rejected: ") and rows[code][4] == name, state
        assert (out / "feedback" / f"VAL-NAP_2026-H1_{code}_feedback.xlsx").exists()
    assert rows["NATC-OFF"][3] == text["monitoring.state.received"]
    assert sorted(agg.missing) == sorted([ODS, XLS] + [
        c for c in rows if rows[c][3] == text["monitoring.state.missing"]])
