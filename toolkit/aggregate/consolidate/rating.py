"""Achievement against target and the traffic-light rating (DOMAIN 2.10), computed from the plan."""

from __future__ import annotations

GREEN, AMBER, RED, GREY, NOT_RATED = "green", "amber", "red", "grey", "not rated"


def achievement(indicator, actual, target) -> float | None:
    """Actual against target as a share (1.0 = met), or None without data or target."""
    if actual is None or indicator.polarity == "context-dependent":
        return None
    if indicator.unit == "yes-no":
        want = 1 if (indicator.target_final or 0) else 0
        return 1.0 if actual == want else 0.0
    if target is None:
        return None
    if indicator.polarity == "lower-is-better":
        if actual <= target:
            return 1.0
        return target / actual if actual else 1.0
    if target == 0:
        return 1.0
    return actual / target


def rate(indicator, actual, target, green: int, amber: int) -> str:
    """Green, amber, red, grey (no data) or not rated (polarity depends on context)."""
    if actual is None:
        return GREY
    if indicator.polarity == "context-dependent":
        return NOT_RATED
    share = achievement(indicator, actual, target)
    if share is None:
        return GREY
    if share >= green / 100:
        return GREEN
    return AMBER if share >= amber / 100 else RED
