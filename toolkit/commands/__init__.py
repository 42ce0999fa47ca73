"""The commands layer: what the command line and the Excel buttons both do, as functions that
return results and raise errors carrying a finding, never printing or exiting.

May import every other package of ``toolkit`` except ``cli`` and ``buttons``.
"""
