"""Default codelists (template T16) and which of them carry meaning the toolkit relies on."""

from __future__ import annotations

ACTIVITY_STATUSES: tuple[str, ...] = (
    "Not started",
    "Ongoing - on track",
    "Ongoing - delayed",
    "Completed",
    "Partially completed",
    "Not implemented",
    "Continuous",
    "Cancelled / superseded",
)

STATUS_KEYS: dict[str, str] = dict(zip(ACTIVITY_STATUSES, (
    "not_started", "on_track", "delayed", "completed", "partial", "not_implemented",
    "continuous", "cancelled")))
"""Activity status codes and the keys of their labels (``report.status.<key>``)."""

DEFAULTS: dict[str, tuple[str, ...]] = {
    # Fixed lists: the toolkit's logic depends on these exact codes.
    "frequency": ("quarterly", "semi-annual", "annual"),
    "indicator_frequency": ("quarterly", "semi-annual", "annual", "once"),
    "level": ("impact", "outcome", "output", "process", "input"),
    "unit": ("number", "percent", "rate-100k", "yes-no", "score"),
    "polarity": ("higher-is-better", "lower-is-better", "context-dependent"),
    "aggregation": ("periodic", "cumulative"),
    "confidentiality": ("public", "aggregate-only", "restricted"),
    "funding_status": ("secured", "partially secured", "not secured"),
    "statistics": ("V", "A", "J", "P"),
    "statistics_table": ("V1", "V2", "V3", "V4", "A1", "J1", "J2", "P1"),
    "disaggregation": ("sex", "age_group", "citizenship", "exploitation", "region",
                       "referral_source"),
    "status": ACTIVITY_STATUSES,
    "language": ("en", "fr"),
    "rating": ("low", "medium", "high"),
    "recommendation_status": ("not addressed", "in progress", "partially implemented",
                              "implemented"),
    "observation": ("good progress", "some progress", "no progress", "not known"),
    # Editable lists: a plan may extend or relabel them.
    "funding_source": ("State budget", "Local budget", "Donor", "Other", "No cost"),
    "institution_type": ("ministry", "agency", "police", "prosecution", "judiciary",
                         "inspectorate", "independent", "ngo", "io", "local", "private"),
    "institution_level": ("national", "regional", "local"),
    "collection_method": ("administrative records", "survey", "document review",
                          "interviews"),
    "risk_status": ("open", "monitoring", "closed"),
    "sex": ("female", "male", "unknown"),
    "age_group": ("0-11", "12-17", "18+", "unknown"),
    "citizenship": ("national", "other EU", "non-EU", "unknown"),
    "exploitation": ("sexual", "labour", "domestic servitude", "forced begging",
                     "forced criminality", "organ removal", "forced marriage",
                     "illegal adoption", "surrogacy", "other", "multiple", "unknown"),
    "region": (),
    "recommendation_source": ("GRETA", "Committee of the Parties", "EU",
                              "national rapporteur", "evaluation", "UN treaty body",
                              "US TIP report", "other"),
    "recommendation_strength": ("urges", "considers", "invites"),
    "referral_source": ("police", "border police", "labour inspectorate", "social services",
                        "health", "education", "NGO", "international organisation",
                        "self-referral", "other"),
}

FIXED: frozenset[str] = frozenset({
    "frequency", "indicator_frequency", "level", "unit", "polarity", "aggregation",
    "confidentiality", "funding_status", "statistics", "statistics_table", "disaggregation",
    "status", "language", "rating", "recommendation_status", "observation",
})
"""Lists whose codes the toolkit interprets; a plan may not change them."""


def with_defaults(codelists: dict[str, tuple[str, ...]] | None) -> dict[str, tuple[str, ...]]:
    """The plan's codelists, with any list the plan does not define taken from the defaults."""
    merged = dict(DEFAULTS)
    merged.update(codelists or {})
    return merged


NO_COST = "No cost"
"""The funding source of an activity that costs nothing."""


def is_no_cost(source: str | None) -> bool:
    """True for the "No cost" funding source, in any of the catalogue's languages."""
    from toolkit.language import codelist_label

    return bool(source) and source in {NO_COST, codelist_label("fr", "funding_source", NO_COST)}
