"""Returns as they arrive by e-mail: a zip of returns and an e-mail's attachments are each a
return of their own, bounded as any container; an Excel binary workbook and an Outlook message
get their own messages."""

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


def _zip_of(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _archived(out: Path) -> set[bytes]:
    return {p.read_bytes() for p in (out / "archive").iterdir()}


def test_a_zip_of_returns__takes_in_each_as_a_return_of_its_own(case, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    sent = {f"batch/{p.name}": p.read_bytes() for p in case.clean.values()}
    bundle = _zip_of(returns / "returns by e-mail.zip", sent)
    out = tmp_path / "out"

    done = case.run(out, returns)

    assert done.returncode == 0, done.stdout + done.stderr
    ledger = {r["name"]: r for r in read_csv(out / "ledger.csv")}
    assert (ledger[str(bundle)]["verdict"], ledger[str(bundle)]["reasons"].strip()) == (
        "ignored", "IN_010")
    for name in sent:
        row = ledger[f"{bundle}/{name}"]
        assert row["verdict"] == "accepted" and row["received_in"] == str(bundle)
    assert set(sent.values()) <= _archived(out), "each return is archived byte for byte"
    assert_sound(out, [bundle], done.stderr)


@pytest.mark.parametrize("kind", ["members", "bomb", "nested", "damaged", "empty"])
def test_a_zip_that_cannot_be_opened_safely__is_refused_whole(case, tmp_path, kind):
    from toolkit.aggregate.intake.bundles import MAX_DEPTH, MAX_MEMBERS

    returns = tmp_path / "returns"
    returns.mkdir()
    path = returns / f"{kind}.zip"
    if kind == "members":
        _zip_of(path, {f"f{n}.xlsx": b"x" for n in range(MAX_MEMBERS + 1)})
    elif kind == "bomb":
        _zip_of(path, {"big.xlsx": bytes(70 << 20)})
    elif kind == "nested":
        inner = next(iter(case.clean.values())).read_bytes()
        for depth in range(MAX_DEPTH + 1):
            inner_path = _zip_of(tmp_path / f"level{depth}.zip",
                                 {f"level{depth}.zip" if depth else "return.xlsx": inner})
            inner = inner_path.read_bytes()
        path.write_bytes(inner)
    elif kind == "damaged":
        path.write_bytes(_zip_of(tmp_path / "whole.zip", {"a.xlsx": b"a" * 5000})
                         .read_bytes()[:-40])
    else:
        _zip_of(path, {})
    out = tmp_path / "out"

    done = case.run(out, returns, *case.clean.values())

    assert done.returncode == 1
    row = next(r for r in read_csv(out / "ledger.csv") if r["name"] == str(path))
    expected = "IN_012" if kind == "empty" else "IN_011"
    assert (row["verdict"], row["reasons"].strip()) == ("rejected", expected)
    assert_sound(out, [path, *case.clean.values()], done.stderr)


def _email(path: Path, attachments: dict[str, bytes]) -> Path:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"] = "focal.point@pol.test", "office@test.example"
    message["Subject"] = "Our return for 2025-H2"
    message.set_content("Please find our return attached.")
    for name, data in attachments.items():
        message.add_attachment(data, maintype="application", subtype="octet-stream",
                               filename=name)
    path.write_bytes(bytes(message))
    return path


def test_an_eml__takes_in_its_workbook_attachments(case, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    first, *rest = case.clean.values()
    zipped = _zip_of(tmp_path / "rest.zip", {p.name: p.read_bytes() for p in rest})
    mail = _email(returns / "Our return.eml", {first.name: first.read_bytes(),
                                                "rest.zip": zipped.read_bytes()})
    bare = _email(returns / "Forgot the attachment.eml", {})
    out = tmp_path / "out"

    done = case.run(out, returns)

    assert done.returncode == 1
    ledger = {r["name"]: r for r in read_csv(out / "ledger.csv")}
    assert ledger[f"{mail}/{first.name}"]["verdict"] == "accepted"
    for p in rest:
        row = ledger[f"{mail}/rest.zip/{p.name}"]
        assert row["verdict"] == "accepted" and row["received_in"] == f"{mail}/rest.zip"
    assert ledger[str(bare)]["reasons"].strip() == "IN_012"
    assert {p.read_bytes() for p in case.clean.values()} <= _archived(out)
    assert_sound(out, [mail, bare], done.stderr)


def test_an_outlook_msg__is_told_how_to_send_the_workbook(case, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    msg = returns / "Our return.msg"
    msg.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    out = tmp_path / "out"

    done = case.run(out, returns, *case.clean.values(), quiet=False)

    assert done.returncode == 1
    assert "[WB_015]" in done.stdout.decode()
    assert_sound(out, [msg, *case.clean.values()], done.stderr)
