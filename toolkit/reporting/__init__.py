"""Reporting workbooks as data: periods, who reports what (``scope``), and the cell layout of
every sheet (``layout``, ``sheets`` and the sheet builders), shared by generation and
consolidation.

Pure: imports the standard library and ``toolkit``'s pure modules only; rendering to ``.xlsx``
is ``toolkit.generate``'s job.
"""
