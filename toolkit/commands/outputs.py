"""Writing outputs: the ways writing a file fails, each turned into a finding on that file.

XlsxWriter reports a file it cannot create as ``FileCreateError``, which is not an ``OSError``,
and a workbook Excel would refuse (two sheets whose names differ only by case, say) as its own
exceptions; the Excel-safety layer raises ``ExcelLimitError``; zip archives raise their own.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.findings import FindingError, finding
from toolkit.language import ENGLISH, os_reason


def write_failure(exc: BaseException, target: Path, language: str = ENGLISH) -> FindingError:
    """The finding for an output that could not be written, as an error to raise.

    Args:
        exc: What writing raised: an ``OSError``, XlsxWriter's ``FileCreateError`` (which wraps
            one) or another XlsxWriter error, ``ExcelLimitError`` or a zip error.
        target: The file or folder being written, when the error names none.
        language: The language to show the finding in.
    """
    cause = exc.args[0] if type(exc).__name__ == "FileCreateError" and exc.args else exc
    if isinstance(cause, OSError):
        where = cause.filename or target
        code = "SAVE_003" if isinstance(cause, PermissionError) else "SAVE_002"
        return FindingError(finding(code, where, reason=os_reason(cause)), language=language)
    reason = getattr(exc, "reason", None) or str(exc).rstrip(".") or type(exc).__name__
    return FindingError(finding("SAVE_004", target, reason=reason), language=language)


def _write_errors() -> tuple[type[BaseException], ...]:
    from xlsxwriter.exceptions import XlsxWriterException

    from toolkit.xlsx.safety import ExcelLimitError

    return OSError, XlsxWriterException, ExcelLimitError, zipfile.BadZipFile, \
        zipfile.LargeZipFile


@contextmanager
def writing(target: Path, language: str = ENGLISH) -> Iterator[None]:
    """Run the block that writes ``target``; what makes writing fail stops it with a finding.

    Raises:
        FindingError: SAVE_002 (the system refused), SAVE_003 (the file is open elsewhere or
            the folder is not ours to write) or SAVE_004 (Excel would refuse what was written).
    """
    try:
        yield
    except FindingError as exc:
        exc.language = language
        raise
    except _write_errors() as exc:
        raise write_failure(exc, Path(target), language) from exc


def refuse_existing(out: Path, force: bool) -> None:
    """Stop before overwriting a file the user did not ask to replace.

    Raises:
        FindingError: SAVE_001.
    """
    if out.exists() and not force:
        raise FindingError(finding("SAVE_001", out))
