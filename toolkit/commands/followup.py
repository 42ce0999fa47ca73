"""``toolkit tracker``: the recommendation follow-up tracker (T10), from the history store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.history.followup import Followed


@dataclass
class TrackerResult:
    """The tracker written and what it holds."""

    path: Path
    items: list[Followed]
    periods: list[str]
    language: str = "en"

    def lines(self) -> list[str]:
        """What the command says, in the plan's language."""
        from toolkit.language import say

        overdue = [f.recommendation.code for f in self.items if f.overdue]
        out = [say(self.language, "cli.tracked", count=len(self.items),
                   periods=len(self.periods))]
        if overdue:
            out.append(say(self.language, "cli.overdue", codes=", ".join(overdue)))
        return out + [say(self.language, "cli.wrote", out=self.path)]


def default_output(plan_path: Path) -> Path:
    """``PLAN-tracker.xlsx`` beside the plan."""
    return plan_path.with_name(f"{plan_path.stem}-tracker.xlsx")


def write_plan_tracker(plan_path: Path, store: str | None = None, out: Path | None = None,
                       language: str | None = None) -> TrackerResult:
    """Follow every recommendation of the plan across the periods the store holds.

    A store that holds nothing of the plan yet gives a tracker of the recommendations as the
    plan states them, none reported.

    Raises:
        FindingError: PLAN_030 or CMD_002 (the plan cannot be read or has errors), USE_011 (no
            catalogue for the language), STORE_* (the store cannot be opened or read),
            SAVE_002 to SAVE_004 (the workbook cannot be written).
    """
    from toolkit.commands.history import recorded_or_none
    from toolkit.commands.outputs import writing
    from toolkit.commands.plan import known_language, usable_plan
    from toolkit.documents.tracker import write_tracker
    from toolkit.history.followup import follow_up

    plan_path = Path(plan_path)
    if language is not None:
        known_language(language)
    plan = usable_plan(plan_path).plan
    lang = language or plan.meta.language
    past = recorded_or_none(store, plan_path, plan)
    items = follow_up(past, plan)
    target = Path(out) if out else default_output(plan_path)
    with writing(target, lang):
        path = write_tracker(target, plan, items, past.codes, lang)
    return TrackerResult(path, items, past.codes, lang)
