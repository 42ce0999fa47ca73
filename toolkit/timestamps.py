"""Times the toolkit writes into its outputs, in UTC without a time zone (as workbooks store
them). Pure: standard library only."""

from __future__ import annotations

import datetime as dt
import os


def generated_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return utc_from_timestamp(int(epoch))
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def utc_from_timestamp(seconds: float) -> dt.datetime:
    """A POSIX time as a naive UTC date and time (what ``datetime.utcfromtimestamp`` gave before
    Python 3.12 deprecated it)."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)
