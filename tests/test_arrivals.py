"""Returns as they arrive by e-mail: an Excel binary workbook gets its own message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from fault_support import Case, assert_sound, read_csv


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Case:
    return Case(tmp_path_factory.mktemp("arrivals"))


def _xlsb(path: Path) -> Path:
    """The parts an Excel binary workbook is made of (Excel's own names for them)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas'
                    '.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/'
                    'workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroE'
                    'nabled.main"/></Types>')
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00")
        zf.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    return path


def test_an_xlsb__is_told_how_to_save_as_xlsx(case, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    xlsb = _xlsb(returns / "TST-NAP_2025-H2_POL.xlsb")
    out = tmp_path / "out"

    done = case.run(out, returns, quiet=False)

    assert done.returncode == 1
    text = done.stdout.decode()
    assert "[WB_014]" in text and "Excel Workbook (*.xlsx)" in text
    row = next(r for r in read_csv(out / "ledger.csv") if r["name"] == str(xlsb))
    assert (row["verdict"], row["reasons"].strip()) == ("rejected", "WB_014")
    assert_sound(out, [xlsb], done.stderr)
