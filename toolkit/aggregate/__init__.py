"""Consolidation of returned workbooks, in the order a file goes through it.

- ``intake``: files in: collecting, hashing and archiving, opening containers safely, reading
  values (standard library, python-calamine, defusedxml, msoffcrypto).
- ``checks``: identifying a return and checking its structure and inputs against the plan's
  layout (pure).
- ``consolidate``: the tidy tables, ratings and figures of a period (pure).
- ``outputs``: the report, exports, feedback workbooks and ledger (XlsxWriter, pyarrow).

``context`` (pure) holds what every check trusts: the plan, the period and the layouts.
``process`` takes one file from intake through the checks; ``run`` drives a whole consolidation
with its process pool and writes the outputs. This package file imports nothing.
"""
