"""NAP monitoring toolkit: plan workbooks, locked reporting workbooks and their consolidation."""

__version__ = "0.1.0"
