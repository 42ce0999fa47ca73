"""The Excel-safety layer: the only code that builds validations, protection and names in
workbooks, over openpyxl (``safety``) and XlsxWriter (``writer``).

May import openpyxl, XlsxWriter and ``toolkit.limits``; nothing else of ``toolkit``.
"""
