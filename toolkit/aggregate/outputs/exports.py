"""The tidy exports (CSV and Parquet) and the intake ledger of a consolidation. Text from returns is neutralised against formula
injection wherever it lands, in the Parquet exports too: they are read into spreadsheets as
often as the CSV files."""

from __future__ import annotations

import csv
import datetime as dt
import json
from array import array
from itertools import accumulate
from pathlib import Path

from toolkit.limits import FORMULA_STARTS

LEDGER_COLUMNS = ["name", "sha256", "size", "modified", "institution", "verdict", "archived_as",
                  "reasons", "link_target", "received_in"]


def neutralise(value):
    """Text that a spreadsheet could take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return neutralise(value)


TEXT, NUMBERS = {str, type(None)}, {int, float, type(None)}
"""Column kinds with a fast path (exact types: a bool is neither)."""


def _columns(columns: list[str], rows: list[dict]) -> list[tuple[list, set]]:
    """Each column's values and the set of their types; text already neutralised."""
    out = []
    for name in columns:
        values = [row.get(name) for row in rows]
        kinds = set(map(type, values))
        if kinds <= TEXT:
            values = [v if v is None or not v.startswith(FORMULA_STARTS) else "'" + v
                      for v in values]
        out.append((values, kinds))
    return out


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """A CSV file (UTF-8 with BOM, so Excel reads the accents) of the given columns."""
    _write_csv(path, columns, _columns(columns, rows))


def _write_csv(path: Path, columns: list[str], values: list[tuple[list, set]]) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(zip(*(_csv_column(v, kinds) for v, kinds in values)))


def _csv_column(values: list, kinds: set) -> list:
    if kinds <= TEXT or kinds <= NUMBERS:
        return ["" if v is None else v for v in values] if type(None) in kinds else values
    return [_csv_value(v) for v in values]


def write_parquet(path: Path, columns: list[str], rows: list[dict]) -> bool:
    """A Parquet file of the same table; False when pyarrow is not installed."""
    return _write_parquet(path, columns, _columns(columns, rows))


def write_table(stem: Path, columns: list[str], rows: list[dict]) -> None:
    """``stem``.csv and ``stem``.parquet, as :func:`write_csv` and :func:`write_parquet`
    write them, from one reading of the rows."""
    values = _columns(columns, rows)
    _write_csv(stem.with_name(stem.name + ".csv"), columns, values)
    _write_parquet(stem.with_name(stem.name + ".parquet"), columns, values)


def _write_parquet(path: Path, columns: list[str], values: list[tuple[list, set]]) -> bool:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return False
    arrays = [_arrow_array(pa, _parquet_column(v, kinds)) for v, kinds in values]
    pq.write_table(pa.Table.from_arrays(arrays, names=columns), path)
    return True


def _parquet_column(values: list, kinds: set) -> list:
    if kinds <= TEXT:
        return values
    if kinds <= NUMBERS:
        return [v if v is None else float(v) for v in values] if int in kinds else values
    return [_parquet_value(v) for v in values]


def _arrow_array(pa, values: list):
    """A column as an Arrow array: float64 when all its values are numbers, else text. Built
    from its buffers, as ``pa.array`` on a list imports pandas: a quarter of a second."""
    kinds = set(map(type, values))
    nulls = type(None) in kinds
    if kinds - {type(None)} == {float}:
        data = array("d", [0.0 if v is None else v for v in values] if nulls else values)
        return pa.Array.from_buffers(pa.float64(), len(values),
                                     [_validity(pa, values, nulls), pa.py_buffer(data)])
    if kinds <= TEXT:
        texts = ["" if v is None else v for v in values] if nulls else values
        data = "".join(texts).encode()
        if len(data) < 2 ** 31:
            # In ASCII text, as most is, a string's length in bytes is its length.
            lengths = map(len, texts if len(data) == sum(map(len, texts)) else
                          [t.encode() for t in texts])
            offsets = array("i", accumulate(lengths, initial=0))
            return pa.Array.from_buffers(pa.string(), len(values), [
                _validity(pa, values, nulls), pa.py_buffer(offsets), pa.py_buffer(data)])
    return pa.array(values, type=_arrow_type(values))


def _validity(pa, values: list, nulls: bool):
    """The validity bitmap of a column (bit i set: value i is not None); None without nulls."""
    if not nulls:
        return None
    bits = "".join(["0" if v is None else "1" for v in reversed(values)])
    return pa.py_buffer(int(bits, 2).to_bytes((len(values) + 7) // 8, "little"))


def _parquet_value(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, int):
        return float(value)
    return neutralise(value)


def _arrow_type(values):
    import pyarrow as pa

    kinds = {type(v) for v in values if v is not None}
    return pa.float64() if kinds <= {float} and kinds else pa.string()


def write_ledger(out_dir: Path, entries: list[dict]) -> Path:
    """``ledger.csv`` and ``ledger.json``: every file given, with its verdict and reasons."""
    write_csv(out_dir / "ledger.csv", LEDGER_COLUMNS, entries)
    (out_dir / "ledger.json").write_text(json.dumps(entries, indent=2, ensure_ascii=False)
                                         + "\n", encoding="utf-8")
    return out_dir / "ledger.csv"
