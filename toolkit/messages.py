"""The message catalogue: every user-facing problem the toolkit reports, by stable code.

Each entry says what was expected and what was found (``text``) and what to do (``hint``). Tests
refer to codes, so the wording lives here only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A message template: severity, what is wrong, what to do."""

    severity: str
    text: str
    hint: str


def _e(text: str, hint: str) -> Message:
    return Message("error", text, hint)


def _w(text: str, hint: str) -> Message:
    return Message("warning", text, hint)


CATALOGUE: dict[str, Message] = {
    # The plan workbook (read by check-plan and by every command that takes a plan).
    "PLAN_001": _e("the sheet {name} is missing (found sheets: {found})",
                   "Add the sheet back from a blank plan made with `toolkit new-plan`, or "
                   "rename the sheet that holds this part to {name}"),
    "PLAN_002": _e("the column key {key} is missing from row {row} (the row of field keys)",
                   "Copy row {row} from a blank plan made with `toolkit new-plan`; the toolkit "
                   "finds each column by its key"),
    "PLAN_003": _e("{what} is required here but the cell is empty",
                   "Type a value; see the note on the column heading for what it takes"),
    "PLAN_004": _e("the code {value} is not a valid code. Expected up to 30 letters, digits, "
                   "dots, dashes or underscores, starting with a letter or digit",
                   "Type the code as text (start with an apostrophe if Excel turns it into a "
                   "number or date)"),
    "PLAN_005": _e("the code {value} is used twice in this sheet (first in cell {first})",
                   "Give each row its own code"),
    "PLAN_006": _e("{what} {value} is not in the {target} sheet{suggestion}",
                   "Add it there or correct the code"),
    "PLAN_007": _e("the value {value} is not a number. Expected {expected}",
                   "Type the number without spaces, thousands separators or a decimal comma"),
    "PLAN_008": _e("the value {value} is out of range. Expected {expected}",
                   "Type a value in the range"),
    "PLAN_009": _e("the value {value} is not a date. Expected {expected}",
                   "Type the date as YYYY-MM-DD so that Excel stores it as a date"),
    "PLAN_010": _e("the date {value} is outside the plan period {start} to {end}",
                   "Correct the date or the plan period on the Plan sheet"),
    "PLAN_011": _e("the value {value} is not in the list {codelist}{suggestion}",
                   "Pick a value from the drop-down list, or add it to the {codelist} column of "
                   "the Codelists sheet"),
    "PLAN_012": _e("indicator {indicator} has no baseline value",
                   "Type the baseline value and its year; an indicator cannot be approved "
                   "without a baseline"),
    "PLAN_013": _e("indicator {indicator} has no target: neither a final target nor any yearly "
                   "target on the Targets sheet",
                   "Type the final target, and yearly targets on the Targets sheet"),
    "PLAN_014": _e("the target year {value} is outside the plan's years {first} to {last}",
                   "Correct the year, or remove the target"),
    "PLAN_015": _e("the sheet name {value} would be rejected by Excel: {reason}",
                   "Use at most 31 characters, none of : \\ / ? * [ ], and no apostrophe at the "
                   "start or end"),
    "PLAN_016": _e("the sheet name {value} is already used by area {other} (Excel does not tell "
                   "upper from lower case)", "Give each area a sheet name of its own"),
    "PLAN_017": _e("the year {value} is not a year. Expected a four-digit year from 1990 to 2100",
                   "Type the year as a whole number, for example 2025"),
    "PLAN_018": _e("the plan ends on {end}, before it starts on {start}",
                   "Correct the start or end date"),
    "PLAN_019": _e("the fixed list {codelist} was changed: {change}",
                   "Restore the list from a blank plan made with `toolkit new-plan`; the toolkit "
                   "relies on these exact values"),
    "PLAN_020": _e("the deadline {deadline} is before the start {start}",
                   "Correct the start or the deadline"),
    "PLAN_021": _e("the e-mail address {value} is not valid",
                   "Type an address like name@ministry.gov"),
    "PLAN_022": _e("the currency {value} is not an ISO 4217 code. Expected three capital letters",
                   "Type a code such as EUR, USD or MDL"),
    "PLAN_023": _e("the amber threshold {amber} is not below the green threshold {green}",
                   "Set the amber threshold lower than the green one (the defaults are 60 and "
                   "90)"),
    "PLAN_024": _e("the target for {indicator} in {year} is given twice (first in cell {first})",
                   "Keep one row per indicator and year"),
    "PLAN_025": _e("indicator {indicator} is disaggregated by {dimension}, but the {dimension} "
                   "list on the Codelists sheet is empty",
                   "Add the categories to the Codelists sheet or remove the disaggregation"),
    "PLAN_026": _e("the {part} sheet has no rows; a plan needs at least one",
                   "Add the rows from row 5 down"),
    "PLAN_027": _e("the text is {length} characters long; Excel holds at most 32,767 in a cell",
                   "Shorten the text"),
    "PLAN_028": _e("the baseline year {value} is after the plan starts ({start})",
                   "Use a baseline measured before the plan starts"),
    "PLAN_029": _e("a {level} indicator is linked to {value}, which is {kind}. Expected {expected}",
                   "Link impact indicators to strategic goals, outcome indicators to specific "
                   "objectives and output indicators to activities"),
    "PLAN_031": _e("the field {key} is missing from column D of the Plan sheet",
                   "Copy its row from a blank plan made with `toolkit new-plan`"),
    "PLAN_030": _e("the file cannot be read as a plan: {reason}",
                   "Open it in Excel and save it as Excel Workbook (*.xlsx), or export it again "
                   "with `toolkit plan-export`"),
}
