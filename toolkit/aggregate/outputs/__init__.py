"""Outputs of a consolidation, each a rendering of the consolidation's models:
``report.xlsx`` (``report``, ``report_sheets``, ``report_blocks``, ``report_book``), the T5
document ``report.docx`` (``report_docx``, ``docx_parts``, ``charts``) and its PDF (``pdf``),
what both share (``style``), the tidy exports and the ledger (``exports``), the feedback
workbooks (``feedback``), and the writing of the whole set (``write``).

May import XlsxWriter, python-docx, matplotlib and pyarrow, the consolidation's pure modules
and ``toolkit.xlsx``; never intake or the checks.
"""
