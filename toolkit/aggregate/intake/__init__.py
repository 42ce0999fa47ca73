"""Intake: files in. Every file given is collected, hashed and archived (``files``), opened as a
bounded zip container (``container``, ``guards``) and its values read (``sheetdata``); a previous
consolidation's export is read as input too (``previous``).

May import the standard library, python-calamine, defusedxml, msoffcrypto and ``toolkit``'s
pure modules (the consolidation's column lists among them); never a check or output module.
"""
