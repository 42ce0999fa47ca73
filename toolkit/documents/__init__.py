"""The cycle's documents beyond the period report: the coverage workbook, the review pack, the
evaluation matrix and terms of reference, the recommendation tracker.

Each document is computed as a model by a pure module elsewhere (``toolkit.measures``, ...);
the writers here only lay it out. May import XlsxWriter (through ``toolkit.xlsx``), python-docx
and the pure core; nothing of the aggregator's intake, checks or run.
"""
