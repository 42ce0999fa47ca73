"""Achievement against the target used and the traffic-light rating (docs/indicators.md §5,
DOMAIN 2.10)."""

from __future__ import annotations

GREEN, AMBER, RED, GREY, NOT_RATED = "green", "amber", "red", "grey", "not rated"


def achievement(indicator, actual, target) -> float | None:
    """The value against the target used, as a share (1.0 = met); None without a value or a
    target, or when polarity depends on context."""
    if actual is None or target is None or indicator.polarity == "context-dependent":
        return None
    lower = indicator.polarity == "lower-is-better"
    if indicator.unit == "yes-no":
        met = actual <= target if lower else actual >= target
        return 1.0 if met else 0.0
    if lower:
        return 1.0 if actual <= target else target / actual
    return 1.0 if target == 0 else actual / target


def rate(indicator, actual, target, green: int, amber: int) -> str:
    """Green, amber or red by the plan's thresholds; grey without a value; not rated when
    polarity depends on context or there is no target."""
    if actual is None:
        return GREY
    share = achievement(indicator, actual, target)
    if share is None:
        return NOT_RATED
    if share >= green / 100:
        return GREEN
    return AMBER if share >= amber / 100 else RED
