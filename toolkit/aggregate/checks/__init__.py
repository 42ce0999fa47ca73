"""Checks of a returned workbook against the layout the plan gives: identification
(``identify``), structure (``structure``), one cell by its type (``values``) and the inputs
together (``inputs``).

Pure: imports the standard library and ``toolkit``'s pure modules only (the model, the layouts,
``aggregate.context`` and ``aggregate.returned``); never a workbook library.
"""
