"""UNO side of the LibreOffice test client.

This script runs under Debian's ``/usr/bin/python3`` (the only interpreter that can
import ``uno``). It connects to one running ``soffice`` over a named pipe and then
answers requests from ``tests/support/libreoffice.py``: one JSON object per line on
stdin, one JSON answer per line on stdout. It owns the UNO objects (documents,
UITest, clipboard) and knows nothing about processes or timeouts; the parent side
handles those.

Answers are ``{"ok": true, "result": ...}`` or ``{"ok": false, "error": "...",
"kind": "..."}``. ``kind`` is ``"usage"`` for a bad request, ``"disconnected"``
when the UNO bridge to soffice is gone, and ``"uno"`` for any other failure.

Usage: ``/usr/bin/python3 lo_worker.py PIPE_NAME``. The first line written is
``{"ok": true, "result": "ready"}`` once connected.
"""

import json
import os
import re
import sys
import time
import traceback

import uno
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.datatransfer import DataFlavor, XTransferable
from com.sun.star.lang import DisposedException
from com.sun.star.task import XInteractionHandler2

CONNECT_SECONDS = 60
XLSX_FILTER = "Calc MS Excel 2007 XML"
# LibreOffice: typing a formula that Calc would "correct" (=1+, =SUM(1, =2x3, and
# +1+ or -2-, which Calc also reads as formulas) opens an autocorrection dialog
# that the nogui build lacks, and soffice aborts. The error code of the formula
# compiled through the API marks such input: syntax errors (501-511, 520) and,
# after "=", unknown names (525: =2x3 compiles so; an honest unknown function
# such as =NOPE(1) is refused too). Input starting with "+" or "-" stays text
# when it holds an unknown name ("- none -"), as Calc stops compiling there.
# The check errs on the side of refusing (it refuses "--", which Calc keeps).
SYNTAX_ERRORS = frozenset(range(501, 512)) | {520}
UNKNOWN_NAME = 525
WORD = re.compile(r"[^\W\d][\w.]*")
CHOICES = {
    "Approve": "com.sun.star.task.XInteractionApprove",
    "Disapprove": "com.sun.star.task.XInteractionDisapprove",
    "Retry": "com.sun.star.task.XInteractionRetry",
    "Abort": "com.sun.star.task.XInteractionAbort",
}


class UsageError(Exception):
    """A request the worker cannot serve (unknown document, sheet or operation)."""


def props(**values):
    """Build a tuple of PropertyValue structs from keyword arguments."""
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


class RecordingHandler(unohelper.Base, XInteractionHandler2):
    """Interaction handler that records every request LibreOffice raises.

    It answers as a cautious user would: "OK"/"Yes" (approve) when that is
    offered, as for a warning or a repair offer, otherwise "Cancel" (abort).
    """

    def __init__(self):
        self.problems = []

    def handle(self, request):
        """XInteractionHandler: record and answer one request."""
        self.handleInteractionRequest(request)

    def handleInteractionRequest(self, request):
        """XInteractionHandler2: record and answer one request."""
        continuations = request.getContinuations()
        choices = [name for name in CHOICES
                   if any(_supports(c, CHOICES[name]) for c in continuations)]
        try:
            text = describe_request(request.getRequest())
        except SystemError:
            # LibreOffice: pyuno 7.4 under Python 3.11 cannot convert some request
            # exceptions (seen with the "document in use" request) and fails with
            # "AttributeError: args"; the request is still recorded, by its choices.
            text = "interaction request of a type pyuno cannot read"
        self.problems.append("%s [choices: %s]" % (text, ", ".join(choices) or "none"))
        for name in ("Approve", "Abort"):
            for continuation in continuations:
                if _supports(continuation, CHOICES[name]):
                    continuation.select()
                    return True
        return False


def _supports(obj, interface):
    """Tell whether a UNO object supports the interface named ``interface``."""
    try:
        return obj.queryInterface(uno.getTypeByName(interface)) is not None
    except Exception:  # noqa: BLE001 - any failure means "not supported"
        return False


def describe_request(request):
    """Turn an interaction request (an exception or struct) into one line of text."""
    parts = [type(request).__name__]
    message = getattr(request, "Message", "")
    if message:
        parts.append(message.strip())
    code = getattr(request, "ErrCode", None)
    if code is not None:
        parts.append("ErrCode=0x%x" % (code & 0xFFFFFFFF))
    classification = getattr(request, "Classification", None)
    if classification is not None:
        parts.append("Classification=%s" % getattr(classification, "value", classification))
    return ": ".join(parts)


class TextTransferable(unohelper.Base, XTransferable):
    """Clipboard contents holding one plain-text string."""

    FLAVOR = "text/plain;charset=utf-16"

    def __init__(self, text):
        self.text = text

    def _flavor(self):
        flavor = DataFlavor()
        flavor.MimeType = self.FLAVOR
        flavor.HumanPresentableName = "Unicode text"
        flavor.DataType = uno.getTypeByName("string")
        return flavor

    def getTransferData(self, flavor):
        """The text, whatever flavor is asked for."""
        return self.text

    def getTransferDataFlavors(self):
        """The one flavor offered: UTF-16 plain text."""
        return (self._flavor(),)

    def isDataFlavorSupported(self, flavor):
        """Whether ``flavor`` is plain text."""
        return flavor.MimeType == self.FLAVOR


def connect(pipe_name):
    """Connect to soffice on a named pipe, retrying while it starts up."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Worker:
    """Serves the requests of one client for one soffice."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.smgr = ctx.ServiceManager
        self.desktop = self._service("com.sun.star.frame.Desktop")
        self.dispatcher = self._service("com.sun.star.frame.DispatchHelper")
        self._uitest = None
        self._scratch = None
        self.docs = {}
        self.next_id = 1

    def _service(self, name):
        return self.smgr.createInstanceWithContext(name, self.ctx)

    @property
    def uitest(self):
        """The UITest service, created on first use."""
        if self._uitest is None:
            self._uitest = self._service("org.libreoffice.uitest.UITest")
        return self._uitest

    # -- documents ------------------------------------------------------------

    def op_open(self, path, visible=True):
        """Load a file; answer its id (None on failure) and the problems recorded."""
        handler = RecordingHandler()
        args = props(Hidden=not visible, InteractionHandler=handler, MacroExecutionMode=0)
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        try:
            doc = self.desktop.loadComponentFromURL(url, "_blank", 0, args)
        except Exception as exc:  # noqa: BLE001 - reported with the recorded problems
            doc = None
            handler.problems.append("load failed: %s" % _uno_message(exc))
        # A text document (a .docx) may be opened hidden, to see whether it loads cleanly.
        if doc is None or not (hasattr(doc, "Sheets") or
                               (not visible and hasattr(doc, "Text"))):
            if doc is not None:
                doc.close(True)
            handler.problems.append("LibreOffice returned no spreadsheet document")
            return {"doc": None, "problems": handler.problems}
        if doc.isReadonly():
            handler.problems.append("opened read-only")
        try:
            grid = self._grid_window(doc) if visible else None
        except Exception:
            doc.close(True)
            raise
        doc_id = self.next_id
        self.next_id += 1
        self.docs[doc_id] = (doc, grid)
        return {"doc": doc_id, "problems": handler.problems}

    def _grid_window(self, document):
        """The UITest object of the grid window of the document just shown.

        LibreOffice: a refused key press on a locked cell leaves a hidden
        "Protected cells can not be modified" box holding the focus for good
        (closing it through UITest crashes soffice), so the grid window is taken
        once, while the new document has the focus, and kept.
        """
        self._activate(document)
        return self.uitest.getTopFocusWindow().getChild("grid_window")

    def _doc(self, doc_id):
        try:
            return self.docs[doc_id][0]
        except KeyError:
            raise UsageError("no open document %r" % doc_id) from None

    def _sheet(self, doc_id, sheet):
        sheets = self._doc(doc_id).Sheets
        if isinstance(sheet, int):
            if not 0 <= sheet < sheets.Count:
                raise UsageError("no sheet number %d" % sheet)
            return sheets.getByIndex(sheet)
        if not sheets.hasByName(sheet):
            raise UsageError("no sheet named %r (sheets: %s)" % (sheet, list(sheets.ElementNames)))
        return sheets.getByName(sheet)

    def _cell(self, doc_id, sheet, cell):
        try:
            return self._sheet(doc_id, sheet).getCellRangeByName(cell).getCellByPosition(0, 0)
        except (UsageError, DisposedException):
            raise
        except Exception:  # noqa: BLE001 - a bad address is the caller's mistake
            raise UsageError("bad cell address %r" % cell) from None

    def op_sheet_names(self, doc):
        """Names of all sheets, in order."""
        return list(self._doc(doc).Sheets.ElementNames)

    def op_recalc(self, doc):
        """Recalculate every formula."""
        self._doc(doc).calculateAll()

    def op_value(self, doc, sheet, cell):
        """A cell's value (see cell_value)."""
        return cell_value(self._cell(doc, sheet, cell))

    def op_row_heights(self, doc, sheet, rows):
        """(height the file gives, height Calc finds optimal) of each 1-based row, in
        hundredths of a millimetre. The document is left unchanged."""
        rows_of = self._sheet(doc, sheet).Rows
        out = []
        for row in rows:
            line = rows_of.getByIndex(row - 1)
            given = line.Height
            line.OptimalHeight = True
            out.append([given, line.Height])
            line.Height = given
        return out

    def op_is_protected(self, doc, sheet):
        """Whether a sheet is protected."""
        return bool(self._sheet(doc, sheet).isProtected())

    def op_is_locked(self, doc, sheet, cell):
        """Whether a cell is locked."""
        return bool(self._cell(doc, sheet, cell).CellProtection.IsLocked)

    def op_save_as(self, doc, path):
        """Store a copy as .xlsx."""
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        self._doc(doc).storeToURL(url, props(FilterName=XLSX_FILTER, Overwrite=True))

    def op_close(self, doc):
        """Close a document, discarding changes."""
        document = self._doc(doc)
        del self.docs[doc]
        document.close(True)

    # -- person-like input ----------------------------------------------------

    def op_type(self, doc, sheet, cell, text):
        """Type text and Enter into a cell's grid window; answer whether it took."""
        document, grid = self.docs.get(doc, (None, None))
        if document is None:
            raise UsageError("no open document %r" % doc)
        if grid is None:
            raise UsageError("type() needs a document opened with visible=True")
        if any(ch in text for ch in "\r\n\t"):
            raise UsageError("type() takes one cell's text, without Enter or Tab")
        sheet_obj = self._sheet(doc, sheet)
        target = self._cell(doc, sheet, cell)
        self._refuse_uncompilable(text)
        before = cell_state(target)
        self._activate(document)
        # LibreOffice: the grid window's SELECT action reads a bare address such
        # as "C5" as a cell of the first sheet and switches to it, so the keys
        # went to that sheet; selecting the cell object keeps its own sheet.
        document.CurrentController.setActiveSheet(sheet_obj)
        document.CurrentController.select(target)
        grid.executeAction("TYPE", props(TEXT=text))
        grid.executeAction("TYPE", props(KEYCODE="RETURN"))
        return cell_state(target) != before or content_is(target, text)

    def _activate(self, document):
        """Make a document's view the active one, as clicking its window would."""
        frame = document.CurrentController.Frame
        if not frame.isActive():
            frame.ContainerWindow.setFocus()
            frame.activate()

    def _refuse_uncompilable(self, text):
        """Raise UsageError for input that Calc would offer to correct as a formula."""
        if len(text) < 2 or text[0] not in "=+-" or _is_number(text):
            return
        if text[0] != "=":
            if any(self._compile("=" + word)[1] == UNKNOWN_NAME
                   for word in WORD.findall(text)):
                return  # Calc keeps it as text
            refused = SYNTAX_ERRORS
            formula = "=" + text
        else:
            refused = SYNTAX_ERRORS | {UNKNOWN_NAME}
            formula = text
        compiled, error = self._compile(formula)
        squeeze = lambda s: "".join(s.split()).upper()  # noqa: E731
        if error in refused or (error == 0 and squeeze(compiled) != squeeze(formula)):
            raise UsageError(
                "refusing to type %r: Calc may open its formula correction dialog, "
                "which aborts this LibreOffice build" % text)

    def _compile(self, formula):
        """Compile a formula in a hidden scratch document: (formula, error code)."""
        if self._scratch is None:
            self._scratch = self.desktop.loadComponentFromURL(
                "private:factory/scalc", "_blank", 0, props(Hidden=True))
        probe = self._scratch.Sheets.getByIndex(0).getCellByPosition(0, 0)
        probe.setFormula(formula)
        result = (probe.getFormula(), probe.getError())
        probe.setString("")
        return result

    def op_paste(self, doc, sheet, cell, text):
        """Put text on the clipboard and dispatch Paste; answer whether it took."""
        document = self._doc(doc)
        sheet_obj = self._sheet(doc, sheet)
        target = self._cell(doc, sheet, cell)
        before = cell_state(target)
        clipboard = self._service("com.sun.star.datatransfer.clipboard.SystemClipboard")
        clipboard.setContents(TextTransferable(text), None)
        controller = document.CurrentController
        controller.setActiveSheet(sheet_obj)
        controller.select(target)
        self.dispatcher.executeDispatch(controller.Frame, ".uno:Paste", "", 0, ())
        return cell_state(target) != before or content_is(target, text)

    def op_unprotect(self, doc, sheet, password):
        """Remove a sheet's protection with its password, as Tools > Protect Sheet does;
        answer whether the sheet is unprotected now."""
        target = self._sheet(doc, sheet)
        try:
            target.unprotect(password)
        except Exception:  # noqa: BLE001 - a wrong password leaves the sheet protected
            pass
        return not target.isProtected()

    def op_insert_row(self, doc, sheet, row):
        """Insert a row above a 1-based row through Sheet > Insert Rows > Rows Above, which
        respects protection; answer whether the rows below moved down."""
        document = self._doc(doc)
        sheet_obj = self._sheet(doc, sheet)
        before = sheet_obj.getCellByPosition(0, row - 1).getFormula()
        below = sheet_obj.getCellByPosition(0, row).getFormula()
        controller = document.CurrentController
        self._activate(document)
        controller.setActiveSheet(sheet_obj)
        controller.select(sheet_obj.getCellByPosition(0, row - 1))
        self.dispatcher.executeDispatch(controller.Frame, ".uno:InsertRowsBefore", "", 0, ())
        moved = sheet_obj.getCellByPosition(0, row).getFormula()
        return moved == before and (before != below or before == "")

    def op_ping(self):
        """Answer at once (a liveness check)."""
        return "pong"

    def op_terminate(self):
        """Close all documents and ask soffice to quit."""
        for document, _grid in list(self.docs.values()):
            try:
                document.close(True)
            except Exception:  # noqa: BLE001 - quitting anyway
                pass
        self.docs.clear()
        try:
            return bool(self.desktop.terminate())
        except DisposedException:
            return True


def _is_number(text):
    """Tell whether text is a plain number such as -5 or +2.5."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def cell_state(cell):
    """What a cell holds, as comparable data: its type and its input text."""
    return (cell.getType().value, cell.getFormula())


def content_is(cell, text):
    """Tell whether a cell shows or holds exactly ``text``."""
    return cell.getFormula() == text or cell.getString() == text


def cell_value(cell):
    """A cell's value: a float, a string, or None when the cell is empty.

    Formula cells give their current result; error results give their text
    (``"#DIV/0!"``, ``"Err:502"``).
    """
    kind = cell.getType().value
    if kind == "EMPTY":
        return None
    if kind == "VALUE":
        return cell.getValue()
    if kind == "TEXT":
        return cell.getString()
    # com.sun.star.sheet.FormulaResult: VALUE = 1, STRING = 2, ERROR = 4
    result = cell.FormulaResultType2
    if result == 1 and cell.getError() == 0:
        return cell.getValue()
    return cell.getString()


def _uno_message(exc):
    """The message of a UNO or Python exception."""
    return "%s: %s" % (type(exc).__name__, getattr(exc, "Message", "") or exc)


def serve(worker, requests, answers):
    """Answer requests until stdin closes or a ``quit`` request arrives.

    Returns:
        True after ``quit``; False when stdin closed, i.e. the client is gone.
    """
    for line in requests:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            op = request.pop("op")
            if op == "quit":
                return True
            method = getattr(worker, "op_" + op, None)
            if method is None:
                raise UsageError("unknown operation %r" % op)
            answer = {"ok": True, "result": method(**request)}
        except (UsageError, TypeError, ValueError, KeyError) as exc:
            answer = {"ok": False, "kind": "usage", "error": str(exc)}
        except DisposedException as exc:
            answer = {"ok": False, "kind": "disconnected", "error": _uno_message(exc)}
        except Exception as exc:  # noqa: BLE001 - every failure goes back as an answer
            traceback.print_exc(file=sys.stderr)
            answer = {"ok": False, "kind": "uno", "error": _uno_message(exc)}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    return False


def main():
    """Connect, serve, and leave without interpreter teardown."""
    # Answers go to a private copy of stdout; anything else printed (by pyuno or
    # a library) lands on stderr and cannot break the protocol.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    try:
        worker = Worker(connect(sys.argv[1]))
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        answers.write(json.dumps({"ok": False, "kind": "disconnected",
                                  "error": _uno_message(exc)}) + "\n")
        answers.flush()
        os._exit(1)
    answers.write(json.dumps({"ok": True, "result": "ready"}) + "\n")
    answers.flush()
    if not serve(worker, sys.stdin, answers):
        # The client died without stopping soffice: stop it, so no soffice is
        # left running after an interrupted test run.
        try:
            worker.op_terminate()
        except Exception:  # noqa: BLE001 - leaving anyway
            pass
    # LibreOffice: about 1 in 300 pyuno processes segfaults during interpreter
    # teardown, so skip it.
    os._exit(0)


if __name__ == "__main__":
    main()
