"""The declarations in ``workbook_templates/``: the plan workbook (``plan.toml``), the reporting
workbook and the consolidation's tables (``reporting.toml``) and the label catalogues
(``labels/*.toml``), each read and checked against a schema before anything uses it.

A country adapts a form by editing these files, so a mistake in them is the user's to fix: it
stops every command with a :class:`~toolkit.declarations.source.DeclarationError` whose
findings name the file, the key and what is expected (codes ``DECL_*``), never a traceback.

Pure: imports the standard library and ``toolkit``'s pure modules only. This package file
imports nothing, so that importing one loader loads only what it needs.
"""
