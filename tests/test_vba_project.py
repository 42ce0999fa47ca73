"""Tests of the vbaProject.bin builder, the source loader and the inspector."""

from __future__ import annotations

import io
import zipfile
from importlib import metadata
from pathlib import Path

import olefile
import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, filter_vba

from toolkit.vba.compression import decompress
from toolkit.vba.inspect import (
    VbaInspectError,
    diff_against,
    inspect_vba,
    inspect_vba_bytes,
)
from toolkit.vba.project import (
    Module,
    VbaBuildError,
    build_vba_project,
    check_name,
    module_text,
)
from toolkit.vba.sources import (
    XLWINGS_VERSION,
    load_macros,
    load_project_modules,
    load_xlwings_module,
    module_from_file,
    xlwings_module_path,
    xlwings_module_version,
)
from toolkit.vba.streams import ModuleEntry, decrypt, dir_stream, project_stream

MACROS = Path(__file__).resolve().parent.parent / "macros"
SHEETS = ("Sheet1", "Sheet2")


@pytest.fixture(scope="module")
def modules() -> list[Module]:
    return load_project_modules(MACROS)


@pytest.fixture(scope="module")
def project_bin(modules, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("vba") / "vbaProject.bin"
    path.write_bytes(build_vba_project(modules, "ThisWorkbook", SHEETS))
    return path


def olevba_modules(path: Path) -> dict[str, str]:
    """Return module name -> filtered code as olevba extracts it."""
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        return {
            stream.split("/")[-1]: filter_vba(code)
            for _, stream, _, code in parser.extract_macros()
        }
    finally:
        parser.close()


def normalise(text: str) -> str:
    """Normalise line endings and drop the leading attribute lines, as olevba does.

    The ``VERSION 1.0 CLASS`` block of exported class files is dropped first:
    it belongs to the export format, not to the stored module.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].upper().startswith("VERSION "):
        lines = lines[[line.strip().upper() for line in lines].index("END") + 1 :]
    return filter_vba("\n".join(lines)).rstrip("\n")


def test_olevba_lists_exactly_the_project_modules(project_bin, modules):
    found = olevba_modules(project_bin)
    expected = {module.name for module in modules} | {"ThisWorkbook", *SHEETS}
    assert set(found) == expected
    assert {"NapButtons", "xlwings"} <= set(found)
    for module in modules:
        assert found[module.name].rstrip("\n") == normalise(module.source), module.name
    for document in ("ThisWorkbook", *SHEETS):
        assert found[document].strip() == ""


def test_olevba_sees_the_button_macros(project_bin):
    code = olevba_modules(project_bin)["NapButtons"]
    for sub, function in [
        ("CheckPlan", "check_plan"),
        ("GenerateWorkbooks", "generate_workbooks"),
        ("ConsolidateReturns", "consolidate_returns"),
        ("OpenReport", "open_report"),
        ("CheckThisWorkbook", "check_this_workbook"),
    ]:
        assert f"Public Sub {sub}()" in code
        assert f'RunPython "import toolkit.buttons.excel as b; b.{function}()"' in code
    assert "NapMacrosCompiled = 20260101" in code


def test_olefile_reads_every_stream(project_bin, modules):
    with olefile.OleFileIO(str(project_bin), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        paths = sorted("/".join(path) for path in ole.listdir())
        module_names = sorted(["ThisWorkbook", *SHEETS] + [m.name for m in modules])
        assert paths == sorted(
            ["PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"]
            + [f"VBA/{name}" for name in module_names]
        )
        assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000000")
        for module in modules:
            stored = decompress(ole.openstream(f"VBA/{module.name}").read())
            assert stored == module_text(module).encode("cp1252")
        wm = ole.openstream("PROJECTwm").read()
        assert b"NapButtons\x00" + "NapButtons".encode("utf-16-le") + b"\x00\x00" in wm
        assert wm.endswith(b"\x00\x00")


def test_project_stream_lists_modules_and_hides_nothing(project_bin):
    with olefile.OleFileIO(str(project_bin)) as ole:
        text = ole.openstream("PROJECT").read().decode("cp1252")
    lines = text.split("\r\n")
    project_id = lines[0][len('ID="') : -1]
    assert "Document=ThisWorkbook/&H00000000" in lines
    assert "Document=Sheet2/&H00000000" in lines
    assert "Module=NapButtons" in lines and "Module=xlwings" in lines
    assert 'Name="VBAProject"' in lines
    values = dict(line.split("=", 1) for line in lines if line[:4] in ("CMG=", "DPB=", "GC=\""))
    assert decrypt(bytes.fromhex(values["CMG"].strip('"')), project_id) == bytes(4)
    assert decrypt(bytes.fromhex(values["DPB"].strip('"')), project_id) == b"\x00"
    assert decrypt(bytes.fromhex(values["GC"].strip('"')), project_id) == b"\xff"
    assert "[Host Extender Info]" in lines and "[Workspace]" in lines


def test_decrypt_reads_values_written_by_excel():
    # CMG, DPB and GC of xlwings' quickstart workbook, saved by Excel.
    project_id = "{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}"
    assert decrypt(bytes.fromhex("8D8FA61394EA98EA98EA98EA98"), project_id) == bytes(4)
    assert decrypt(bytes.fromhex("8D8FA61394EF95EF95EF"), project_id) == b"\x00"
    assert decrypt(bytes.fromhex("8D8FA61394EF95EF9510"), project_id) == b"\xff"


def test_dir_stream_records():
    data = dir_stream([ModuleEntry("ThisWorkbook", "document"), ModuleEntry("Mod", "standard")])
    assert data.startswith(bytes.fromhex("0100 04000000 01000000 0200 04000000 09040000"))
    assert bytes.fromhex("0300 02000000 E404") in data
    assert b"\x04\x00\x0a\x00\x00\x00VBAProject" in data
    assert bytes.fromhex("0900 04000000 01000000 0000") in data
    assert b"*\\G{00020430-0000-0000-C000-000000000046}#2.0#0" in data
    assert bytes.fromhex("0F00 02000000 0200 1300 02000000 FFFF") in data
    assert bytes.fromhex("2C00 02000000 FFFF 2200 00000000 2B00 00000000") in data
    assert bytes.fromhex("2C00 02000000 FFFF 2100 00000000 2B00 00000000") in data
    assert data.endswith(bytes.fromhex("1000 00000000"))


def test_building_twice_gives_identical_bytes(modules):
    first = build_vba_project(modules, "ThisWorkbook", SHEETS)
    second = build_vba_project(load_project_modules(MACROS), "ThisWorkbook", SHEETS)
    assert first == second
    assert project_stream([ModuleEntry("A", "standard")], "{X}") == project_stream(
        [ModuleEntry("A", "standard")], "{X}"
    )


def test_inspector_returns_names_kinds_and_sources(project_bin, modules):
    found = inspect_vba(project_bin)
    assert [(m.name, m.kind) for m in found][:3] == [
        ("ThisWorkbook", "document"), ("Sheet1", "document"), ("Sheet2", "document")
    ]
    by_name = {m.name: m for m in found}
    assert by_name["NapButtons"].kind == "standard"
    assert by_name["NapButtons"].source.startswith('Attribute VB_Name = "NapButtons"\n')
    assert diff_against(found, MACROS) == []


def test_inspector_reads_a_workbook_saved_by_excel():
    path = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    found = {m.name: m for m in inspect_vba(path)}
    assert found["ThisWorkbook"].kind == "document"
    assert found["Dictionary"].kind == "class"
    assert found["Module1"].kind == "standard"
    assert "Sub SampleCall()" in found["Module1"].code


def test_diff_reports_changes_and_missing_modules(modules, tmp_path):
    changed = [m for m in modules if m.name != "xlwings"]
    changed[0] = Module(changed[0].name, "standard", changed[0].source.replace("20260101", "1"))
    changed.append(Module("Extra", "standard", "Sub X()\nEnd Sub\n"))
    found = inspect_vba_bytes(build_vba_project(changed))
    differences = diff_against(found, MACROS)
    assert "only in file: Extra" in differences
    assert "only in macros: xlwings" in differences
    [diff] = [d for d in differences if d.startswith("---")]
    assert "-    NapMacrosCompiled = 20260101" in diff
    assert "+    NapMacrosCompiled = 1" in diff


def test_embedded_xlwings_module_matches_installed_version(project_bin):
    assert xlwings.__version__ == XLWINGS_VERSION == "0.37.8"
    embedded = {m.name: m for m in inspect_vba(project_bin)}["xlwings"]
    assert xlwings_module_version(embedded.source) == "0.37.8"
    assert "'Version: 0.37.8\n" in embedded.source
    assert metadata.version("xlwings") == "0.37.8"
    assert 'Lib "xlwings64-0.37.8.dll"' in embedded.source
    assert embedded.code.rstrip() == normalise(xlwings_module_path().read_text("cp1252"))


def test_loader_reads_names_and_kinds(tmp_path):
    (tmp_path / "Tools.bas").write_bytes(b'Attribute VB_Name = "Helpers"\r\nSub A()\r\nEnd Sub\r\n')
    (tmp_path / "Counter.cls").write_bytes(
        b"VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
        b'Attribute VB_Name = "Counter"\r\nAttribute VB_PredeclaredId = True\r\nPublic N As Long\r\n'
    )
    (tmp_path / "Sheet1.cls").write_bytes(
        b'Attribute VB_Name = "Sheet1"\r\n'
        b'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"\r\nPrivate Sub X()\r\nEnd Sub\r\n'
    )
    (tmp_path / "notes.txt").write_text("ignored")
    loaded = {m.name: m for m in load_macros(tmp_path)}
    assert {name: m.kind for name, m in loaded.items()} == {
        "Helpers": "standard", "Counter": "class", "Sheet1": "document"
    }
    text = module_text(loaded["Counter"])
    assert text.startswith('Attribute VB_Name = "Counter"\r\nAttribute VB_Base = "0{FCFB3D2A')
    assert "Attribute VB_PredeclaredId = True\r\n" in text and "VERSION" not in text
    found = {m.name: m for m in inspect_vba_bytes(build_vba_project(list(loaded.values())))}
    assert found["Sheet1"].code.strip() == "Private Sub X()\nEnd Sub"
    assert found["Counter"].kind == "class"


def test_document_modules_follow_the_code_names():
    built = build_vba_project([], "Workbook1", ("Data", "Settings"))
    assert [(m.name, m.kind) for m in inspect_vba_bytes(built)] == [
        ("Workbook1", "document"), ("Data", "document"), ("Settings", "document")
    ]
    source = {m.name: m.source for m in inspect_vba_bytes(built)}
    assert '"0{00020819-0000-0000-C000-000000000046}"' in source["Workbook1"]
    assert '"0{00020820-0000-0000-C000-000000000046}"' in source["Data"]


def _write(tmp_path: Path, name: str, data: bytes) -> Module:
    path = tmp_path / name
    path.write_bytes(data)
    return module_from_file(path)


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("Bad.bas", b'Attribute VB_Name = "1Bad"\r\n', "must start with a letter"),
        ("Long.bas", b'Attribute VB_Name = "' + b"A" * 32 + b'"\r\n', "longer than 31"),
        ("Dash.bas", b'Attribute VB_Name = "My-Module"\r\n', "letters, digits"),
        ("Kw.bas", b'Attribute VB_Name = "Sub"\r\n', "keyword"),
        ("Dir.bas", b'Attribute VB_Name = "Dir"\r\n', "dir stream"),
        ("Doc.cls", b'Attribute VB_Name = "Sheet9"\r\nAttribute VB_Base = "0{00020820-0000-0000-'
                    b'C000-000000000046}"\r\n', "not one of the workbook's code names"),
    ],
)
def test_bad_names_raise_naming_the_file(tmp_path, file_name, data, message):
    module = _write(tmp_path, file_name, data)
    with pytest.raises(VbaBuildError, match=message) as error:
        build_vba_project([module])
    assert file_name in str(error.value)


def test_duplicate_names_are_refused_without_regard_to_case(tmp_path):
    first = _write(tmp_path, "One.bas", b'Attribute VB_Name = "Tools"\r\n')
    second = _write(tmp_path, "Two.bas", b'Attribute VB_Name = "TOOLS"\r\n')
    with pytest.raises(VbaBuildError, match="already used") as error:
        build_vba_project([first, second])
    assert "Two.bas" in str(error.value) and "One.bas" in str(error.value)
    clash = _write(tmp_path, "Wb.bas", b'Attribute VB_Name = "thisworkbook"\r\n')
    with pytest.raises(VbaBuildError, match="Wb.bas"):
        build_vba_project([clash])


def test_text_outside_cp1252_is_refused(tmp_path):
    module = Module("Greek", "standard", "Sub A()\n' \u03a9\nEnd Sub\n", origin="macros/Greek.bas")
    with pytest.raises(VbaBuildError, match=r"macros/Greek.bas: line 2: .*U\+03A9"):
        build_vba_project([module])
    with pytest.raises(VbaBuildError, match="Utf8.bas: line 2"):
        _write(tmp_path, "Utf8.bas", b'Attribute VB_Name = "Utf8"\r\n\x81\x8d\x8f\x90\x9d\r\n')


def test_vb_name_mismatch_is_refused(tmp_path):
    module = _write(tmp_path, "Tools.bas", b'Attribute VB_Name = "Tools"\r\nSub A()\r\nEnd Sub\r\n')
    renamed = Module("Other", module.kind, module.source, module.origin)
    with pytest.raises(VbaBuildError, match=r"Tools.bas: Attribute VB_Name = \"Tools\" does not"):
        build_vba_project([renamed])


def test_bad_code_names_are_refused():
    with pytest.raises(VbaBuildError, match="code name"):
        build_vba_project([], "This Workbook")
    with pytest.raises(VbaBuildError, match="already used"):
        build_vba_project([], "ThisWorkbook", ("Sheet1", "SHEET1"))


def test_built_project_in_a_compound_file_survives_olefile_strict_mode(project_bin):
    data = project_bin.read_bytes()
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.exists("VBA/dir") and ole.exists("PROJECT")
    ole.close()


@pytest.mark.parametrize("name", ["quickstart_addin.xlam", "addin/xlwings.xlam"])
def test_inspector_agrees_with_olevba_on_files_saved_by_excel(name):
    path = Path(xlwings.__file__).parent / name
    ours = {m.name: m.source for m in inspect_vba(path)}
    theirs = {n: code.replace("\r\n", "\n") for n, code in olevba_raw(path).items()}
    assert ours == theirs


def olevba_raw(path: Path) -> dict[str, str]:
    """Return module name -> unfiltered code as olevba extracts it."""
    parser = VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def test_inspector_refuses_files_without_a_project(tmp_path):
    plain = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(VbaInspectError, match="plain.xlsx: no xl/vbaProject.bin"):
        inspect_vba(plain)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a compound file")
    with pytest.raises(VbaInspectError, match="junk.bin: not a compound file"):
        inspect_vba(junk)


def test_xlwings_version_mismatch_is_refused():
    with pytest.raises(VbaBuildError, match=r"xlwings\.bas: installed xlwings is 0\.37\.8, expected 9\.9\.9"):
        load_xlwings_module("9.9.9")


def _valid_name(name: str) -> bool:
    try:
        check_name(name, "test")
    except VbaBuildError:
        return False
    return name.lower() not in {"thisworkbook", "sheet1"}


_CP1252_CHARACTERS = [
    bytes([b]).decode("cp1252") for b in range(0x20, 0x100) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
]
_LINE = st.text(alphabet=_CP1252_CHARACTERS + ["\t"], max_size=80).filter(
    lambda line: not line.lstrip().lower().startswith("attribute")
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,30}", fullmatch=True).filter(_valid_name),
            st.lists(_LINE, max_size=40),
        ),
        max_size=4,
        unique_by=lambda item: item[0].lower(),
    )
)
def test_build_then_inspect_round_trip_property(items):
    modules = [Module(name, "standard", "\n".join(lines)) for name, lines in items]
    found = {m.name: m for m in inspect_vba_bytes(build_vba_project(modules))}
    assert list(found)[:2] == ["ThisWorkbook", "Sheet1"]
    for name, lines in items:
        assert found[name].kind == "standard"
        assert found[name].code.rstrip("\n") == "\n".join(lines).rstrip("\n")
