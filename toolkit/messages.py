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
    # The Excel buttons of the control panel (settings, environment, outputs).
    "BTN_001": _e("the setting {label} is missing: this workbook has no defined name {name}",
                  "Open the control panel made with `toolkit control-panel` and click the button "
                  "there, or make a new control panel and copy your settings into it"),
    "BTN_002": _e("the setting {label} is empty. Expected {expected}",
                  "Type it in this cell of the Settings sheet, then click the button again"),
    "BTN_003": _e("the {label} {value} does not exist. Expected {expected}",
                  "Check the spelling, or copy the full path from File Explorer or Finder into "
                  "this cell"),
    "BTN_004": _e("the {label} {value} is not an existing folder",
                  "Create the folder, or type the full path of a folder that exists"),
    "BTN_005": _e("the {label} {value} cannot be written to ({reason})",
                  "Choose a folder you may write to, for example one in your Documents folder"),
    "BTN_006": _e("{reason}", "Type the period in this cell as text, then click the button again"),
    "BTN_007": _e("the buttons run with Python {found}, but the toolkit needs Python 3.10 or "
                  "later", "Install Python 3.11 and point xlwings' interpreter setting at it "
                  "(see docs/excel-buttons.md)"),
    "BTN_008": _e("the file cannot be written because it is open in Excel or another program "
                  "({reason})", "Close the file, then click the button again"),
    "BTN_009": _e("consolidation is not available in this version of the toolkit",
                  "Update the toolkit to a version that consolidates returns, then click the "
                  "button again"),
    "BTN_010": _e("there is no consolidated report for {period} in this folder yet",
                  "Click Consolidate returns first, then Open report"),
    "BTN_011": _e("the active workbook {value} is {reason}",
                  "Open the returned workbook, click into it, then click Check this returned "
                  "workbook again"),
    "BTN_012": _e("the plan has {errors} error(s), so nothing was done",
                  "Click Check plan, correct the cells listed on the Findings sheet, then click "
                  "this button again"),
    "BTN_013": _e("the buttons need Excel on Windows or macOS, and xlwings cannot reach it "
                  "({reason})", "Use the command line instead, for example `toolkit check-plan "
                  "PLAN.xlsx`"),
}
