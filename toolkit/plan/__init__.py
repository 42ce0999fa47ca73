"""The national action plan: its model, its checks and its workbook and JSON forms.

Pure (standard library and ``toolkit``'s pure modules only): ``model``, ``codelists``,
``identity``, ``sources``, ``check``, ``layout`` and ``jsonio``. ``read_xlsx`` and
``write_xlsx`` read and write plan workbooks with openpyxl, through ``toolkit.xlsx``; ``load``
reads a plan from either form. This package file imports nothing, so that importing a pure
module never loads a workbook library.
"""
