"""The Excel buttons: the control panel (``.xlsm``) and add-in (``.xlam``) with their VBA, and
the functions their macros call through xlwings.

Sits beside the command line: both call ``toolkit.commands`` and the library. xlwings is imported
only inside ``excel``'s functions; everything else runs without Excel.
"""
