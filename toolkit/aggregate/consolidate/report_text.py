"""The sentences of the report, written once from its figures in the plan's language: the
executive summary, the method and its limits, and the lead-in of each part. Both renderings
quote them as they are. Pure."""

from __future__ import annotations

from toolkit.aggregate.consolidate.report_stats import public_note


def _figures(model) -> dict[str, object]:
    return {f.key: f.value for group in model.headline.values() for f in group}


def sentences(model) -> dict[str, str]:
    """Every sentence of the report, by key."""
    w, f = model.words, _figures(model)
    ident = model.identity
    out = {
        "returns": w("sentence.returns", expected=f["expected"], received=f["received"],
                     on_time=f["on_time"], late=f["late"], missing=f["missing"],
                     timeliness=w.percent(f["timeliness"])),
        "implementation": (w("sentence.implementation", due=f["due"], completed=f["completed"],
                             rate=w.percent(f["implementation_rate"]))
                           if f["due"] else w("sentence.nothing_due")),
        "indicators": w("sentence.indicators", indicators=f["indicators"],
                        green=f["rating:green"], amber=f["rating:amber"], red=f["rating:red"],
                        grey=f["rating:grey"], share=w.percent(f["on_track"])),
        "budget": w("sentence.budget", spent=w.number(f["spent"]),
                    allocated=w.number(f["allocated"]), year=ident["period"][:4],
                    planned=w.number(f["planned"]), currency=ident["currency"],
                    execution=w.percent(f["execution"]),
                    coverage=w.percent(f["funding_coverage"])),
        "completeness": w("sentence.completeness", share=w.percent(f["completeness"])),
        "period": w("sentence.period", period=ident["period"], start=ident["start"],
                    end=ident["end"], deadline=ident["deadline"]),
        "sources": w("sentence.sources", office=ident["office"]),
    }
    out["not_reported"] = (w("sentence.not_reported", count=len(model.not_reported),
                             names="; ".join(name for _c, name in model.not_reported))
                           if model.not_reported else w("sentence.all_reported"))
    out["limitations"] = w("sentence.limitations")
    out["statistics"] = w("sentence.statistics")
    hidden = [t.key for t in model.statistics if t.suppressed]
    out["suppression"] = w("sentence.suppression", tables=", ".join(hidden)) if hidden else ""
    out["public_note"] = public_note(w, int(ident["threshold"]))
    out["no_statistics"] = w("sentence.no_statistics")
    out["no_bottlenecks"] = w("sentence.no_bottlenecks")
    out["no_answers"] = w("sentence.no_answers")
    out["followup"] = _followup(model)
    out["decisions"] = _decisions(model)
    return out


def _followup(model) -> str:
    """What the follow-up table shows, in one sentence."""
    w, table = model.words, model.followup
    if table is None or not table.rows:
        return w("sentence.no_recommendations")
    implemented = w.code("recommendation_status", "implemented")
    statuses = table.column("status")
    return w("sentence.followup", recommendations=len(set(table.column("recommendation"))),
             rows=len(table.rows), implemented=statuses.count(implemented),
             not_reported=statuses.count(w("followup.not_reported")),
             overdue=sum(1 for v in table.column("overdue") if v))


def _decisions(model) -> str:
    """Which review the decision log is of, and what it holds."""
    w, review = model.words, model.review
    if not review:
        return w("sentence.no_review")
    decided = [v for v in model.decisions.column("decision") if v]
    return w("sentence.decisions", review=review["name"], meeting=review["meeting"],
             date=review["date"], participants=review["participants"],
             entries=len(model.decisions.rows), decisions=len(decided))
