"""The message catalogue: every user-facing problem the toolkit reports, by stable code, and the
phrases the commands say around them.

Each entry says what was expected and what was found (``text``) and what to do (``hint``). Tests
refer to codes, so the wording lives here only. This is the English; other languages translate
the same codes and phrase keys in ``workbook_templates/messages/<language>.toml`` (see
``toolkit.language``).

Longer than 400 lines: it is one table of every message, kept in one place so that the wording
lives in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNPROCESSABLE = 0, 1, 2, 3
"""The exit codes of every command: clean, findings of error severity, usage error, an input or
output that could not be processed."""
EXIT_INTERRUPTED = 130
"""A command stopped from outside (Ctrl-C, or a request to end) before it finished."""


@dataclass(frozen=True)
class Message:
    """A message template: severity, what is wrong, what to do, and the exit code of a command
    that it stops (or, for a finding among others, the code its severity gives)."""

    severity: str
    text: str
    hint: str
    exit: int = EXIT_FINDINGS


def _e(text: str, hint: str) -> Message:
    return Message("error", text, hint)


def _w(text: str, hint: str) -> Message:
    return Message("warning", text, hint, EXIT_OK)


def _usage(text: str, hint: str) -> Message:
    """A command line that cannot be run as given."""
    return Message("error", text, hint, EXIT_USAGE)


def _stop(text: str, hint: str) -> Message:
    """An input or output that could not be processed: the command stops."""
    return Message("error", text, hint, EXIT_UNPROCESSABLE)


_ORIGINAL = ("Give the indicators.csv that `toolkit aggregate` wrote, as it wrote it: take it "
             "again from the previous consolidation's exports folder or a backup, or consolidate "
             "the previous period again from its archive folder into a new folder")
"""The way back to an indicators export that was edited or saved again by a spreadsheet."""

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
    "PLAN_032": _e("institution {value} does not hold the statistics group {group} of table "
                   "{table}, so it cannot be its official source (the holders are: {holders})",
                   "Name one of the holders, or add {group} to the institution's Statistics "
                   "held on the Institutions sheet"),
    "PLAN_033": _e("{value} is not a row of table {table} (its rows: {rows})",
                   "Type the codes of the rows, separated by semicolons, or leave the cell blank "
                   "for the whole table"),
    "PLAN_034": _e("table {table} has totals, so one institution is the official source of the "
                   "whole table", "Leave Rows blank"),
    "PLAN_035": _e("row {row} of table {table} already has an official source, {other} (cell "
                   "{first})", "Keep one official source for each table or row"),
    "PLAN_036": _w("table {table} is held by {count} institutions ({holders}), and no official "
                   "source covers its rows {rows}: the report will show each holder's figures "
                   "for them and publish none as official", "Name the official source of the "
                   "table on the Official sources sheet"),
    "PLAN_037": _e("the year {value} is outside the plan's years {first} to {last}",
                   "Correct the year, or remove the allocation"),
    "PLAN_038": _e("institution {value} neither leads activity {activity} nor is one of its "
                   "partners", "Allocate the share to the lead or to a partner, or add the "
                   "institution to the activity's partners"),
    "PLAN_039": _e("the allocation of activity {activity} to {who} for {year} is given twice "
                   "(first in cell {first})", "Keep one row per activity, year and institution"),
    "PLAN_040": _e("the target {value} of yes/no indicator {indicator} is neither yes (1) nor "
                   "no (0)", "Type yes or no"),
    "PLAN_041": _w("the yearly allocations of activity {activity} add up to {total}, more than "
                   "its estimated cost {cost}", "Correct the allocations or the estimated cost"),
    "PLAN_042": _e("the sheet name {value} is the name of a sheet every agency workbook has "
                   "({fixed}, as Excel does not tell upper from lower case)",
                   "Give the area another sheet name, for example with its code in front"),
    # The declarations in workbook_templates/ (plan.toml, reporting.toml, labels/*.toml).
    "DECL_001": _stop("the file is not valid TOML: {reason}, at column {column}",
                      "Correct that line; compare it with the same file as the toolkit ships it "
                      "(a missing quote, bracket, comma or equals sign is the usual cause)"),
    "DECL_002": _stop("the declaration file cannot be read ({reason})",
                      "Put the file back from the toolkit's own workbook_templates folder, or set "
                      "NAP_TOOLKIT_TEMPLATES to a folder that holds every declaration"),
    "DECL_003": _stop("unknown key {key}{of}{suggestion}; known here: {known}",
                      "Correct the key's spelling, or remove it"),
    "DECL_004": _stop("{missing} is missing{of}. Expected {expected}",
                      "Add it; compare with the same file as the toolkit ships it"),
    "DECL_005": _stop("the value {value}{of} is not {expected}", "Write {expected}"),
    "DECL_006": _stop("unknown {what} {value}{of}{suggestion}; known: {known}",
                      "Use one of the known values, spelt as listed"),
    "DECL_007": _stop("{what} {value}{of} is declared twice (first at {first})",
                      "Give each its own name, or remove one of them"),
    "DECL_008": _stop("{what} {value}{of} is not declared: {place}{suggestion}",
                      "Declare it there, or correct the name"),
    "DECL_009": _stop("statistics table {table}: {reason}",
                      "Name in person_rows only rows of the table's own declared axis, in a table "
                      "that says persons = true and has no totals; or remove person_rows"),
    "DECL_010": _stop("statistics table {table} has totals and counts persons, but its row {row} "
                      "holds money ([statistics_money]); a table with totals is suppressed as a "
                      "whole", "Move the money row to a table without totals, or drop the totals"),
    "DECL_011": _stop("no label {key}{of}", "Add it to this catalogue, worded in its language"),
    "DECL_012": _stop("the label {key} has the placeholders {found}, but the English label has "
                      "{expected}", "Keep the placeholders in braces exactly as en.toml has "
                      "them; the toolkit fills them in"),
    "DECL_013": _stop("the sheet name {value}{of} would be rejected by Excel: {reason}",
                      "Use at most 31 characters (an emoji counts as 2), none of : \\ / ? * [ ], "
                      "and no apostrophe at the start or end"),
    "DECL_014": _stop("the column {key} must be {expected}, because the workbook's formulas and "
                      "the toolkit's checks rely on it; found {found}",
                      "Restore the column as the toolkit ships it; declare new columns under new "
                      "keys"),
    # Returned workbooks: the file itself.
    "WB_001": _e("this file is not an .xlsx workbook (it looks like {kind})",
                 "Open it in Excel, use File > Save As > Excel Workbook (*.xlsx) and send it "
                 "again"),
    "WB_002": _e("this file is not a readable .xlsx workbook ({detail})",
                 "Open the workbook you were sent, fill it in and save it as Excel Workbook "
                 "(*.xlsx); do not convert it to another format"),
    "WB_003": _e("this file is protected by a password to open, so it cannot be read",
                 "Remove the password (File > Info > Protect Workbook > Encrypt with Password, "
                 "clear it) and send the file again"),
    "WB_004": _w("this file carries macros (a VBA project); they are never run, and the values "
                 "are read as in an .xlsx file",
                 "Next time save as Excel Workbook (*.xlsx), not as a macro-enabled workbook"),
    "WB_005": _e("this file is too large to be a reporting workbook ({detail})",
                 "Send the workbook you were given, filled in, without added data"),
    "WB_006": _w("this is an Excel lock file, left while a workbook was open; it is not a return "
                 "and was skipped", "Nothing to do; close Excel before sending files"),
    "WB_007": _e("this file is empty (0 bytes)",
                 "Send the filled workbook again; the file was probably not saved or copied "
                 "completely"),
    "WB_008": _w("this file is a byte-for-byte copy of {original}; it is counted once",
                 "Nothing to do"),
    "WB_009": _e("a part of this workbook cannot be read safely ({detail})",
                 "Open the workbook you were sent, fill it in, save it as Excel Workbook "
                 "(*.xlsx) and send it again"),
    "WB_010": _w("this workbook links to {count} external file(s); the links are never followed",
                 "Remove the links (Data > Edit Links > Break Link) and type the values"),
    "WB_011": _e("the sheet {name} reaches cell {corner}; a reporting sheet is far smaller, and "
                 "reading one that large could exhaust the memory of the computer consolidating "
                 "the returns, so the file was not read (at most {limit} cells, counted as rows "
                 "times columns)", "Delete the rows and columns added below or beside the form "
                 "(select them, right-click, Delete), save and send the workbook again"),
    "WB_012": _e("this file could not be checked: reading it failed in a way the toolkit does "
                 "not recognise ({detail}); it was not used",
                 "Open the workbook in Excel, save it again as Excel Workbook (*.xlsx) and send "
                 "it again; if this message comes back, send the file to the coordinator"),
    "WB_013": _e("this file could not be read ({detail}); it was not used",
                 "Check that the file is still in the folder, that it is a saved workbook "
                 "and that you may open it, then run the consolidation again"),
    "WB_014": _e("this is an Excel binary workbook (.xlsb), which the toolkit does not read",
                 "Open it in Excel, choose File > Save As > Excel Workbook (*.xlsx) and send "
                 "that file instead"),
    "WB_015": _e("this is an Outlook message (.msg), which the toolkit does not open",
                 "Open it in Outlook and save the attached workbook into the returns folder "
                 "(or save the message as an .eml file), then run the consolidation again"),
    # Paths given or found that are not returns, and returns that arrive inside another file.
    "IN_001": _e("this is {kind}, not a file; it was not read",
                 "Put the returned workbook itself in the folder, then run the consolidation "
                 "again"),
    "IN_002": _e("this link leads to {target}, which does not exist; nothing was read",
                 "Put the returned workbook itself in the folder in place of the link"),
    "IN_003": _e("this link leads round in a loop ({target}); it was not followed",
                 "Delete the link and put the returned workbook itself in the folder"),
    "IN_004": _e("this link leads to {target}, outside the returns folders given; it was not "
                 "read", "Copy the returned workbook itself into the returns folder, or give "
                 "the folder that holds it as well"),
    "IN_005": _e("this folder cannot be read ({reason}); any returns in it were not seen",
                 "Give yourself the right to open the folder, or move the returns out of it, "
                 "then run the consolidation again"),
    "IN_006": _w("this folder is empty", "Nothing to do, unless returns were expected in it"),
    "IN_007": _w("this folder holds the outputs of a consolidation; it was skipped",
                 "Nothing to do: its report, ledger and archive are never taken for returns"),
    "IN_008": _usage("the output folder holds the returns {returns}: the outputs would be "
                     "mixed with the returns, so nothing was read",
                     "Choose an output folder outside the returns, such as a new folder beside "
                     "them"),
    "IN_009": _w("this link leads to the folder {target}, whose files are read there",
                 "Nothing to do"),
    "IN_010": _w("this {kind} holds {count} file(s), each taken in as a return of its own",
                 "Nothing to do: each is listed under its own name"),
    "IN_011": _e("this {kind} cannot be opened safely ({detail}); nothing in it was read",
                 "Ask for the returns as separate files, or unpack them into the returns "
                 "folder yourself"),
    "IN_012": _e("this {kind} holds no file", "Ask the institution to send its return again, "
                 "attached"),
    # Returned workbooks: identity.
    "ID_001": _w("the workbook's identity stamp is missing; it was identified as {institution}'s "
                 "by its layout", "Send the workbook you were given, not a copy of its sheets"),
    "ID_002": _e("the workbook's identity stamp is missing and its layout matches no "
                 "institution's workbook for {period}",
                 "Fill in the workbook generated for you and send it as it is"),
    "ID_003": _e("this workbook belongs to plan {found}, not to plan {expected}",
                 "Send the workbook of plan {expected}"),
    "ID_004": _e("this workbook was made from plan version {found}, but the current plan is "
                 "version {expected}", "Ask the coordinator for the workbook of the current "
                 "version and copy your answers into it"),
    "ID_005": _e("this workbook is for period {found}, not {expected}",
                 "Send the workbook for {expected}"),
    "ID_006": _e("this workbook is for institution {found}, which has nothing to report in "
                 "{period}", "Check with the coordinator which workbook you should fill"),
    "ID_007": _e("the identity stamp says {found}, but the sheets are {actual}'s workbook (the "
                 "stamp was copied from another file)",
                 "Fill in the workbook generated for your institution"),
    "ID_008": _w("superseded by {newer}, a later file from the same institution; this one is "
                 "not counted", "Nothing to do"),
    # Returned workbooks: structure.
    "ST_001": _e("the sheet {name} is missing, so its values cannot be read",
                 "Send the workbook with all its sheets; do not delete or rename sheets"),
    "ST_002": _w("the sheet {name} was added; it is not read",
                 "Remove the sheet, or send its content to the coordinator separately"),
    "ST_003": _w("the sheet {expected} was renamed to {name}; it was read under its new name",
                 "Keep the sheet names as they are"),
    "ST_004": _w("row {row} is not in the generated workbook ({found}); it is not read",
                 "Do not insert rows; report extra activities in the Narrative sheet"),
    "ST_005": _e("the row of {code} is missing, so its values cannot be read",
                 "Do not delete rows; send the workbook with all its rows"),
    "ST_006": _w("the rows were reordered: {code} is in row {row}, not in row {expected}; it was "
                 "read where it is", "Do not sort or move rows"),
    "ST_007": _w("this cell comes from the plan and was changed from {expected} to {found}; the "
                 "plan's value is used", "Do not change locked cells; explain changes in the "
                 "comment or narrative"),
    "ST_008": _w("the formula of this cell was replaced by a value; the toolkit recomputes it",
                 "Do not type over computed cells"),
    "ST_009": _w("the sheet's protection was removed",
                 "Fill in the workbook without removing its protection"),
    "ST_010": _w("the workbook's structure protection was removed",
                 "Fill in the workbook without removing its protection"),
    "ST_011": _w("the sheet {name} was hidden", "Keep every sheet visible"),
    "ST_012": _w("the identity stamp sheet was made visible", "Nothing to do; it is read anyway"),
    "ST_013": _e("the column headings of this sheet changed (found {found} where {expected} "
                 "belongs), so its values cannot be read safely",
                 "Do not insert, delete or move columns"),
    # Returned workbooks: values.
    "CELL_001": _e("{what} is required but the cell is empty", "Type a value: {expected}"),
    "CELL_002": _e("the value {value} is not a number. Expected {expected}",
                   "Type the number without spaces, units or thousands separators"),
    "CELL_003": _w("the value {value} was stored as text and read as the number {read}",
                   "Type numbers as numbers, so that Excel stores them as numbers"),
    "CELL_004": _e("the value {value} is out of range. Expected {expected}",
                   "Type a value in the range"),
    "CELL_005": _e("the value {value} is not a whole number. Expected {expected}",
                   "Type a whole number"),
    "CELL_006": _e("the value {value} is not in the list. Expected one of: {expected}",
                   "Pick a value from the cell's drop-down list"),
    "CELL_007": _e("the value {value} is not a date from {first} to {last}",
                   "Type the date as YYYY-MM-DD"),
    "CELL_008": _e("the text has {length} characters, more than {limit}", "Shorten the text"),
    "CELL_009": _e("the cell holds a formula ({value}), not a value; it is not used",
                   "Type the value itself, not a formula"),
    "CELL_010": _e("the cell holds the error value {value}", "Type the value itself"),
    "CELL_011": _e("the value {value} looks like a number with thousands separators or an "
                   "ambiguous decimal mark", "Type the number without separators"),
    # Returned workbooks: consistency.
    "CONS_001": _w("the status is {status} but the activity is {percent} % complete",
                   "Correct the status or the percentage"),
    "CONS_002": _e("the status is {status}, but no reason for the delay is given",
                   "Explain the problems or reasons for delay in this cell"),
    "CONS_003": _w("the status is {status}, but what was done is not described",
                   "Describe what was done in the period"),
    "CONS_004": _e("the parts of {dimension} add up to {parts}, not to the total {total}; the "
                   "parts are not used", "Correct the parts or the total"),
    "CONS_005": _w("the cumulative value {value} is lower than {before} ({when}); a running total "
                   "cannot go down", "Check the value; give the running total since the start"),
    "CONS_006": _w("funds spent ({spent}) are more than the activity's planned budget ({budget})",
                   "Check the amount, or explain the overspending in the comment"),
    "CONS_007": _w("the indicator is rated {rating} but no explanation is given",
                   "Explain the gap between the value and the target"),
    "CONS_008": _w("the total of table {table} ({total}) differs from the total of table V1 "
                   "({v1})", "Check that every table counts the same victims"),
    "CONS_009": _w("the note on {what} is missing", "Name the source system and any deviation "
                   "from the standard definitions (write none if there is none)"),
    "CONS_010": _e("the return is not signed off: {what}",
                   "Fill in the Sign-off sheet and confirm the declaration"),
    "CONS_011": _w("a new deadline {date} is proposed; the coordination body must decide on it",
                   "Nothing to do now; the coordinator will bring it to the coordination body"),
    "CONS_012": _w("the status is Not started, but {what} is reported",
                   "Correct the status or remove the value"),
    "CONS_013": _w("the return was saved on {saved}, after the deadline {deadline}",
                   "Send returns by the deadline"),
    "CONS_016": _w("{spent} is reported as spent on an activity without cost (\"No cost\" in "
                   "the plan or as the source of funds); it is not counted under \"No cost\"",
                   "Check the amount and pick the source the money came from; if the activity "
                   "does cost money, ask the coordinator to change its funding source in the "
                   "plan"),
    "CONS_017": _w("the activity's deadline {deadline} has passed and its status is {status}",
                   "Report what remains to be done and when, or correct the status"),
    "CONS_018": _w("the activity is 100 % complete but its status is {status}",
                   "Set the status to Completed, or correct the percentage"),
    "CONS_019": _w("the status is {status}, but {other} ({role}) reports {other_status} for the "
                   "same activity", "Agree on the activity's status with {other}"),
    "CONS_020": _w("the count {value} is lower than {before} ({when}); a count since 1 January "
                   "cannot go down within the year",
                   "Check the value; give the count since 1 January, not this period's alone"),
    "PLAN_031": _e("the field {key} is missing from column D of the Plan sheet",
                   "Copy its row from a blank plan made with `toolkit new-plan`"),
    "PLAN_030": _stop("the file cannot be read as a plan: {reason}",
                      "Open it in Excel and save it as Excel Workbook (*.xlsx), or export it again "
                      "with `toolkit plan-export`"),
    # The catalogue of standard measures: the country's own file, and the plan's references.
    "MEAS_001": _stop("the file of the country's measures cannot be read: {reason}",
                   "Correct the file (it is TOML, as measures/national.example.toml shows), or "
                   "unset NAP_TOOLKIT_MEASURES to use the standard catalogue alone"),
    "MEAS_002": _stop("the field {field} is missing or empty",
                   "Give every goal a code, an area and a title, and every measure an id, a goal "
                   "and a text, as measures/national.example.toml shows"),
    "MEAS_003": _stop("the code {value} is already used by the catalogue or earlier in this file",
                   "Give the country's goals and measures codes of their own, for example with a "
                   "prefix such as N"),
    "MEAS_004": _stop("the area {value} is not an area of the catalogue (known: {known})",
                   "Use one of the area codes listed"),
    "MEAS_005": _e("the measure {value} is not in the catalogue of standard measures{suggestion}",
                   "Pick a measure from the drop-down list (the Measures sheet lists them with "
                   "their texts), or leave the cell empty"),
    "MEAS_006": _stop("the strategic goal {value} is not in the catalogue (known: {known})",
                   "Use one of the goal codes listed, or declare the goal under [[goal]] in this "
                   "file first"),
    # Returned workbooks: recommendations followed up (template T10).
    "REC_001": _w("recommendation {code} is {status}, but the action taken is not described",
                  "Say what your institution did about it in the period"),
    "REC_002": _w("recommendation {code} is implemented, but no evidence is given",
                  "Name where it can be checked: the law, decision or report and its reference"),
    "REC_003": _w("recommendation {code} was due on {due} and is {status}, and no next step is "
                  "given", "Say in Next step what will be done, and by when"),
    # The review pack of the coordination body (templates T7 and T15), read back.
    "REV_001": _stop("this is not a review workbook of plan {plan} ({found})",
                     "Give the workbook `toolkit review --plan PLAN --year YEAR` (or --to-date) "
                     "wrote for this plan, with the body's decisions typed in"),
    "REV_002": _e("the value {value} is not one of the list's values ({expected}){suggestion}",
                  "Choose a value from the drop-down list of the cell"),
    "REV_003": _e("the value {value} is not a date. Expected YYYY-MM-DD",
                  "Type the date as YYYY-MM-DD, for example 2027-03-31"),
    "REV_004": _e("the objective {objective} is not an objective of the plan",
                  "Leave the codes of the Review sheet as they were written; take a new review "
                  "workbook when the plan changed"),
    "REV_005": _w("a decision on objective {objective} names no responsible institution or no "
                  "deadline", "A decision log gives every decision its owner and deadline: "
                  "choose the institution and type the date"),
    # A previous consolidation's indicators export, given to compare running totals with.
    "PREV_001": _stop("there is no previous consolidation here: {found}. Expected the output "
                      "folder of `toolkit aggregate`, its exports folder or its indicators.csv",
                      "Give --previous the folder the previous period's consolidation wrote (its "
                      "--out), or the indicators.csv in its exports folder"),
    "PREV_002": _stop("the file cannot be read as the indicators export of a consolidation "
                      "({reason})", _ORIGINAL),
    "PREV_003": _stop("the column {column} is missing from the first row (found: {found}). "
                      "Expected the columns of an indicators export: {expected}", _ORIGINAL),
    "PREV_004": _stop("the file holds more than one period ({found}); the indicators export of a "
                      "consolidation holds one", _ORIGINAL),
    "PREV_005": _stop("this export is of a period that plan {plan} does not have: {reason}",
                      "Give the consolidation of an earlier period of plan {plan}"),
    "PREV_006": _stop("the file is for period {found}, which is not before {period}, the period "
                      "being consolidated", "Give the consolidation of a period before {period}"),
    "PREV_007": _stop("the value {value} in column {column} is not a number", _ORIGINAL),
    "PREV_008": _stop("the file has no rows below its headings, so its period cannot be told",
                      _ORIGINAL),
    "PREV_009": _stop("indicator {indicator} of institution {institution} is given twice (first "
                      "in row {first})", _ORIGINAL),
    "PREV_010": _stop("the value {value} in column {column} could be read as {one} or as {other}: "
                      "the file was saved again with semicolons between columns, so its decimal "
                      "marks may have changed", _ORIGINAL),
    "PREV_011": _stop("this export is of plan {found}, not of plan {plan}, the plan being "
                      "consolidated", "Give a consolidation of plan {plan}: the folder its "
                      "previous period was consolidated into"),
    # The history store (SQLite file or PostgreSQL database) and what is imported into it.
    "STORE_001": _stop("the history store cannot be opened ({reason})",
                       "Check the path or address given with --store or NAP_STORE (or in "
                       "nap-toolkit.toml), that the server is running and that you may connect"),
    "STORE_002": _stop("this database is not a history store of the toolkit (it holds the tables "
                       "{found})", "Give a store that `toolkit aggregate` or `toolkit history "
                       "import` made, or the name of a new file, or an empty database"),
    "STORE_003": _stop("the store was written by a newer version of the toolkit (its schema is "
                       "{found}; this version knows schemas up to {known}); it was not changed",
                       "Update the toolkit on this computer (pip install --upgrade nap-toolkit), "
                       "then run the command again"),
    "STORE_004": _stop("the store holds another plan under the code {plan}: {found}, where this "
                       "plan is {expected}; nothing was recorded",
                       "Give this plan a store of its own (--store), or its own code on the Plan "
                       "sheet"),
    "STORE_005": _stop("the connection to the store was lost while recording {period} ({reason}); "
                       "nothing of {period} was recorded and what the store held before is "
                       "unchanged", "Check the network and the server, then record the period "
                       "with `toolkit history import {out_dir} --plan PLAN`"),
    "STORE_006": _stop("another run recorded {period} of plan {plan} at the same moment "
                       "({reason}); this run's consolidation was not recorded",
                       "Record it with `toolkit history import {out_dir} --plan PLAN`; the store "
                       "keeps both as revisions of {period}"),
    "STORE_007": _stop("the store holds no consolidation of plan {plan}{what}",
                       "Consolidate with `toolkit aggregate`, or load earlier consolidations with "
                       "`toolkit history import`; `toolkit history list` shows what the store "
                       "holds"),
    "STORE_008": _stop("the store could not be written ({reason}); nothing of {period} was "
                       "recorded", "Free disk space or get write access to the store, then record "
                       "the period with `toolkit history import {out_dir} --plan PLAN`"),
    "STORE_009": _stop("the store address {value} cannot be used. Expected a file path, "
                       "sqlite:///PATH or postgresql://USER@HOST/DATABASE",
                       "Correct --store, NAP_STORE or the store line of nap-toolkit.toml"),
    "STORE_010": _stop("indicator {indicator} has no series in the store for plan {plan}"
                       "{suggestion}", "Use a code listed by `toolkit history show --plan {plan}`"),
    "STORE_011": _stop("there is no consolidation to import here: {found}. Expected the output "
                       "folder of `toolkit aggregate`, holding exports/indicators.csv",
                       "Give the folder the period was consolidated into (its --out)"),
    "STORE_012": _stop("the exports are of plan {found}, not of plan {plan}",
                       "Give the plan these exports were consolidated with (--plan)"),
    "STORE_013": _stop("the settings file cannot be read ({reason})",
                       "Correct it: it takes a [history] table with store = \"PATH or ADDRESS\""),
    "STORE_014": _stop("the store could not be written ({reason}); no decision of review "
                       "{review} was recorded and the decision log is as it was",
                       "Free disk space or get write access to the store, then record the "
                       "decisions with `toolkit review --plan PLAN --read {file}`"),
    # The command line as typed, before anything is read ({command}: the command as typed).
    "USE_001": _usage("there is no command {value}{suggestion}",
                      "Run `toolkit --help` for the list of commands"),
    "USE_002": _usage("there is no option {value}{suggestion}",
                      "Run `{command} --help` for the options it takes"),
    "USE_003": _usage("{name} is required but was not given",
                      "Give it as `{command} --help` shows"),
    "USE_004": _usage("the option {name} needs a value",
                      "Type the value after the option, with quotes around a path that holds "
                      "spaces"),
    "USE_005": _usage("the argument {value} was not expected",
                      "Remove it, or put quotes around a path that holds spaces; `{command} "
                      "--help` shows what the command takes"),
    "USE_006": _usage("this file or folder, given as {name}, does not exist",
                      "Check the path; copy it from your file manager if in doubt"),
    "USE_007": _usage("this is a folder, but {name} takes a file", "Give the path of a file"),
    "USE_008": _usage("this is a file, but {name} takes a folder",
                      "Give the path of a folder (it is made when it does not exist)"),
    "USE_009": _usage("the value {value} of {name} is not a whole number from {min} to {max}",
                      "Type a whole number from {min} to {max}"),
    "USE_010": _usage("the value {value} of {name} is not a date. Expected YYYY-MM-DD",
                      "Type the date as YYYY-MM-DD, for example 2026-07-15"),
    "USE_011": _usage("there is no label catalogue for the language {value}. Expected one of: "
                      "{expected}", "Choose one of these, or add the language's files to "
                      "workbook_templates/labels/ and workbook_templates/messages/"),
    "USE_012": _usage("the institution {value} is not in the plan's Institutions sheet"
                      "{suggestion}", "Give the code of an institution of the plan"),
    "USE_013": _usage("the institution {value} has nothing to report in {period}",
                      "Leave it out, or choose the period in which it reports"),
    "USE_014": _usage("the file name must end in {suffix}", "Choose a name such as {example}"),
    "USE_015": _usage("no command was given", "Choose one of the commands listed above; "
                      "`toolkit COMMAND --help` explains each"),
    "USE_016": _usage("the option {name} takes no value", "Give the option alone"),
    "USE_017": _usage("the command line cannot be read ({reason})",
                      "Run `{command} --help` for what the command takes"),
    "USE_018": _usage("the history store {store} holds several plans ({plans})",
                      "Name the plan with --plan"),
    "USE_019": _usage("give either --year YEAR or --to-date, not both and not neither",
                      "Add --year 2026 for an annual report, or --to-date for the whole plan so "
                      "far"),
    "USE_020": _usage("the value {value} of {name} is not one of: {expected}{suggestion}",
                      "Give one of these values"),
    # Reporting periods, checked against the plan's frequency and dates.
    "PER_001": _usage("the period {value} does not fit the plan's {frequency} reporting. "
                      "Expected {expected}", "Type the period in that form"),
    "PER_002": _usage("the period {value} is outside the plan, which runs from {start} to {end}",
                      "Choose a period from {first} to {last}"),
    "PER_003": _stop("the plan's reporting frequency {value} is not one of {expected}",
                     "Correct the reporting frequency on the Plan sheet; `toolkit check-plan` "
                     "lists every problem of the plan"),
    # What a command did not do, and why.
    "CMD_001": _e("the plan has {errors} error(s) and {warnings} warning(s), listed above",
                  "Correct the cells listed, then run `toolkit check-plan` again"),
    "CMD_002": _e("the plan has {errors} error(s), listed above, so nothing was written",
                  "Run `toolkit check-plan` on it, correct the cells listed, then run this "
                  "command again"),
    "CMD_003": _stop("the plan has {errors} error(s), listed above, so the returns were not "
                     "consolidated", "Run `toolkit check-plan` on it, correct the cells listed, "
                     "then consolidate again"),
    "CMD_004": _stop("the toolkit stopped on an error it does not handle ({detail}); nothing it "
                     "was writing can be trusted",
                     "Run the command again; if this message comes back, send it with the "
                     "command you ran to the toolkit's maintainers"),
    "CMD_005": _stop("the plan has {errors} error(s), listed above, so the history store was "
                     "not used", "Run `toolkit check-plan` on it, correct the cells listed, then "
                     "run this command again"),
    "CMD_006": _w("the plan has {errors} error(s) and {warnings} warning(s); the coverage is "
                  "computed from what could be read", "Run `toolkit check-plan` on it to see them"),
    # Outputs that cannot be written.
    "SAVE_001": _stop("the file exists already, and it was not overwritten",
                      "Choose another name, or add --force to overwrite it"),
    "SAVE_002": _stop("this file or folder cannot be written ({reason})",
                      "Check that the folder exists and that you may write there, then run the "
                      "command again"),
    "SAVE_003": _stop("the file cannot be written: it is open in Excel or another program, or "
                      "you may not write in its folder ({reason})",
                      "Close the file, or choose a folder you may write to, then run the "
                      "command again"),
    "SAVE_004": _stop("Excel would not accept this workbook as written ({reason}), so it was "
                      "not written", "Correct what is named (a sheet name or label of the plan, "
                      "say) and run the command again"),
    # The output folder of a consolidation, as a whole.
    "OUT_001": _stop("this file could not be written ({reason}); {kept}",
                     "Make room (or choose another output folder) and run the consolidation "
                     "again; the returns were not changed"),
    "OUT_002": _stop("the archive copy of this file could not be written ({reason}); the file "
                     "itself is not at fault", "Make room (or choose another output folder) and "
                     "run the consolidation again"),
    "OUT_003": _stop("another consolidation is writing into this folder (process {pid} on "
                     "{host}, started {started})",
                     "Wait for it to finish. If none is running (the machine was restarted, "
                     "say), delete {lock} and run the consolidation again"),
    "OUT_004": Message("error", "the consolidation was stopped before it finished; {kept}",
                       "Run it again when you are ready; the returns were not changed",
                       EXIT_INTERRUPTED),
    # The VBA projects of the control panel and the add-in.
    "VBA_001": _stop("{reason}", "Restore the folder macros/ from the toolkit's release, or "
                     "correct the module named"),
    "VBA_002": _stop("installed xlwings is {found}, expected {expected}",
                     "Install the version the toolkit pins: pip install xlwings=={expected}"),
    "VBA_003": _stop("xlwings is not installed, so its VBA module cannot be embedded",
                     "Install the toolkit with its Excel extra (pip install \"nap-toolkit[excel]\", "
                     "or pip install \".[excel]\" from a checkout), which brings the pinned "
                     "xlwings"),
    "VBA_004": _stop("{reason}, so this file has no readable VBA project",
                     "Check that it is an .xlsm or .xlam saved by Excel or made by the toolkit"),
    "VBA_005": _e("{count} module(s) differ from {folder}",
                  "Rebuild the file with `toolkit control-panel` or `toolkit addin`"),
    "VBA_006": _stop("the file does not exist", "Check the path"),
    # The outputs of a consolidation that are made by another program.
    "RPT_001": _w("the PDF of the monitoring report was not made: LibreOffice is not installed",
                  "Install LibreOffice (Debian: libreoffice-writer-nogui) and run the command "
                  "again with --pdf, or open the document in Word and save it as PDF"),
    "RPT_002": _w("the PDF of the monitoring report was not made: LibreOffice could not "
                  "convert the document ({detail})",
                  "Open the document in Word or LibreOffice and save it as PDF"),
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
    "BTN_007": _e("the buttons run with Python {found}, but the toolkit needs Python 3.11 or "
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

PHRASES: dict[str, str] = {
    # How findings print.
    "line.finding": "{location}: {message}. {hint} [{code}]",
    "line.summary": "{errors} error(s), {warnings} warning(s)",
    # What the commands say when they are done.
    "cli.new_plan": "Wrote the blank plan {out}. Fill it in, then run: toolkit check-plan {out}",
    "cli.plan_ready": "{plan}: plan {code} version {version} is ready ({activities} activities, "
                      "{indicators} indicators, {institutions} institutions; content hash "
                      "{hash}); {summary}.",
    "cli.wrote": "Wrote {out}.",
    "cli.password": "Sheets are protected with a new random password, kept in {file}. Set "
                    "NAP_SHEET_PASSWORD to choose your own.",
    "cli.generated": "Wrote {count} workbook(s) for {period} to {folder}, and {manifest} listing "
                     "the expected returns.",
    "cli.consolidated": "Consolidated {used} return(s); {rejected} rejected, {missing} missing"
                        "{which}; {errors} error(s) and {warnings} warning(s) in the returns.",
    "cli.report": "Report: {path}",
    "cli.document": "Monitoring report document (T5): {path}",
    "cli.document_pdf": "Monitoring report document (T5): {path}; PDF: {pdf}",
    "cli.outputs": "Ledger of every file: {ledger}; feedback workbooks in {feedback}; tidy "
                   "exports in {exports}.",
    "cli.demo": "Running {periods} of the sample plan {file} in {out}: for each, generating the "
                "workbooks, filling them as agencies would and consolidating them (in {period}: "
                "one late, one sent twice, one missing, a few mistakes), recorded in one history "
                "store...",
    "cli.demo_period": "{used} return(s) used for {period}; report {report}",
    "cli.demo_findings": "Findings of {period}:",
    "cli.demo_annual": "Annual report {year}, built from the history store: {path}",
    "cli.control_panel": "Wrote {out}. Open it in Excel, type the settings in the yellow cells "
                         "and click a button; see docs/excel-buttons.md for the one-time setup.",
    "cli.addin": "Wrote {out}. Add it in Excel under File > Options > Add-ins > Excel Add-ins > "
                 "Browse; see docs/excel-buttons.md.",
    "cli.vba_same": "{file}: the modules equal {folder} and xlwings' module.",
    "cli.covered": "{plan}: {covered} of {measures} standard measures covered.",
    "cli.goals_left_out": "Strategic goals of which no measure is covered: {goals}.",
    "cli.unlinked": "{count} activit(y/ies) name no standard measure; suggestions are in the "
                    "workbook, not in the plan.",
    "cli.no_outcomes": "Plan areas without an outcome indicator: {areas}.",
    "cli.tracked": "{count} recommendation(s) followed over {periods} recorded period(s).",
    "cli.overdue": "Overdue: {codes}.",
    "cli.review_written": "Review pack {review} ({periods} period(s) recorded, {objectives} "
                          "objectives): {out}",
    "cli.review_recorded": "Recorded {decisions} decision(s) of review {review} of plan {plan} "
                           "in the history store {store}.",
    "cli.evaluation_written": "Evaluation matrix of {questions} questions, filled from {periods} "
                              "recorded period(s): {matrix}; terms of reference: {terms}",
    "cli.review_not_recorded": "Nothing was recorded: correct the cells listed, then read the "
                               "workbook again.",
    # What the Excel buttons say when they are done.
    "button.plan_problems": "{file}: {summary}. Correct the cells listed on the Findings sheet, "
                            "then click Check plan again.",
    "button.plan_ready": "{file}: plan {code} version {version} is ready ({activities} "
                         "activities, {indicators} indicators, {institutions} institutions); "
                         "{summary}.",
    "button.generated": "Wrote {count} workbook(s) for {period} to {folder}. Sheets are "
                        "protected with the password {where}.",
    "button.password_env": "chosen in NAP_SHEET_PASSWORD",
    "button.password_file": "kept in {file}",
    "button.no_report": "No report for {period}: {summary}.",
    "button.consolidated": "Consolidated {count} returned workbook(s) for {period} into "
                           "{report}; {summary}.",
    "button.not_compared": "Running totals were not compared with the previous period: its "
                           "report cannot be used ({code}, first on the Findings sheet).",
    "button.opened": "Opened {report}.",
    "button.checked": "{file}: {summary} for {period}. See the Findings sheet; each cell is a "
                      "link.",
    "button.unsaved": "not saved yet",
    "button.is_the_panel": "this control panel, not a returned workbook",
    "button.not_a_file": "not a file on this computer",
    # Values as messages show them, and what a cell was expected to hold.
    "value.quoted": '"{value}"',
    "value.empty_cell": "an empty cell",
    "value.empty": "empty",
    "value.no_code": "no code",
    "value.a_formula": "a formula",
    "value.an_error": "an error value",
    "value.none": "none",
    "expect.number": "a number",
    "expect.whole_number": "a whole number",
    "expect.number_range": "a number from {low} to {high}",
    "expect.whole_range": "a whole number from {low} to {high}",
    "expect.number_min": "a number of {low} or more",
    "expect.whole_min": "a whole number of {low} or more",
    "expect.value_range": "a value from {low} to {high}",
    "expect.value_min": "a value of at least {low}",
    "expect.value_max": "a value of at most {high}",
    "expect.date": "a date (YYYY-MM-DD)",
    "expect.deadline": "a date (YYYY-MM-DD) or the word continuous",
    "expect.status": "pick the status from the list",
    "expect.actual": "the value for the period (0 if none)",
    "expect.short_text": "a short text",
    # Why a plan cannot be read, or a part of it cannot be used.
    "plan.file_missing": "the file does not exist",
    "plan.not_xlsx": "it is not an .xlsx workbook",
    "plan.damaged": "the workbook is damaged ({detail})",
    "plan.not_utf8": "the file is not UTF-8 text",
    "plan.one_of.goals": "one of the goals",
    "plan.one_of.objectives": "one of the objectives",
    "plan.one_of.activities": "one of the activities",
    "plan.list_missing": "missing {missing}",
    "plan.list_added": "added {added}",
    "plan.list_missing_added": "missing {missing}; added {added}",
    "json.not_a_date": "{where}: {value} is not a date (YYYY-MM-DD)",
    "json.unknown_fields": "{where}: unknown field(s) {fields}",
    "json.missing_fields": "{where}: the field(s) {fields} are missing",
    "json.wrong_field": "{where}: {detail}",
    "json.not_a_plan": 'not a plan: expected "format": "{format}"',
    "json.format_version": "format_version {found} is not {expected}",
    "json.syntax": "line {line}, column {column}: {detail}",
    # Why Excel would refuse a name or a list.
    "limits.empty": "it is empty",
    "limits.too_long": "it is {length} characters long as Excel counts them, more than {limit}",
    "limits.forbidden": "it contains the character {char}",
    "limits.apostrophe": "it starts or ends with an apostrophe",
    "limits.reserved": "Excel reserves the name {name}",
    "limits.defined_name": "it must start with a letter or underscore and hold only letters, "
                           "digits, dots and underscores, at most 255 of them",
    "limits.cell_like": "it looks like a cell reference",
    "limits.list_comma": "a value holds a comma, which an inline list cannot",
    "limits.list_long": "the list is {length} characters long, more than {limit}",
    # What a returned workbook's values contradict.
    "cons.progress": "progress",
    "cons.spending": "spending",
    "cons.work_done": "work done",
    "cons.the_baseline": "the baseline",
    "cons.note_of_table": "{note} of table {table}",
    "cons.not_confirmed": "the declaration is not confirmed",
    "cons.label_missing": "{label} is missing",
    # What a file that is not a workbook looks like.
    "kind.pdf": "a PDF document",
    "kind.ole": "an Excel 97-2003 workbook (.xls) or another old Office file",
    "kind.xml/html": "a web page or an XML file",
    "kind.text": "a text or CSV file",
    "kind.binary": "neither a workbook nor text",
    # What a path is when it is not a file, and a file that holds returns.
    "path.fifo": "a named pipe",
    "path.socket": "a socket",
    "path.device": "a device",
    "path.zip": "zip archive",
    "path.email": "e-mail",
    "bundle.nested": "it nests archives more than {depth} deep",
    "bundle.members": "it holds {count} files, more than {limit}",
    "bundle.large": "{name} unpacks to more than {limit} bytes",
    "bundle.damaged": "it is damaged: {detail}",
    # What a stopped consolidation kept.
    "archive.differs": "the copy read back does not hold the bytes read",
    "kept.previous": "the outputs of the earlier consolidation are as they were",
    "kept.none": "no outputs were written beside the archive copies",
    "kept.ledger": "the ledger of what was received is in {folder}, marked incomplete",
    "kept.both": "{first}; {second}",
    # Why a previous consolidation's export cannot be used.
    "previous.no_path": "the path does not exist",
    "previous.no_export": "the folder holds neither {export} nor {name}",
    "previous.not_utf8": "it is not UTF-8 text; a spreadsheet probably saved it again in another "
                         "encoding",
    "previous.empty": "the file is empty",
    "previous.nothing": "nothing",
    # A near miss, after a value that is not known.
    "suggestion": ' (did you mean "{value}"?)',
    # Why the system refused to read or write a file (as the C library says it in English).
    "os.EACCES": "Permission denied",
    "os.ENOENT": "No such file or directory",
    "os.ENOSPC": "No space left on device",
    "os.EEXIST": "File exists",
    "os.ENOTDIR": "Not a directory",
    "os.EISDIR": "Is a directory",
    "os.EROFS": "Read-only file system",
    # Why a file holds no readable VBA project.
    "vba.no_part": "no {part} in the workbook",
    "vba.not_compound": "not a compound file",
    "vba.no_dir": "no VBA/dir stream",
    # The earlier consolidation that running totals were compared with.
    "previous.when.previous": "{period}, the previous consolidation",
    "previous.when.earlier": "{period}, the earlier consolidation",
    "previous.compared": "Running totals compared with {when} ({path}).",
    "previous.store": "history store {store}",
    # What recording a consolidation in the history store did.
    "store.recorded": "Recorded {period} of plan {plan} in the history store {store} "
                      "(revision {revision}).",
    "store.recorded_again": "Recorded {period} of plan {plan} in the history store {store} "
                            "(revision {revision}; revision {earlier} is kept as history).",
    "store.unchanged": "{period} of plan {plan} was already recorded in {store} (revision "
                       "{revision}) from the same returns; nothing new recorded.",
    "store.new_version": "Plan version {version} follows {earlier}: series continue where the "
                         "indicator code persists; series that break: {broken}.",
    "store.new_version_series": "Plan version {version} follows {earlier}: series continue where "
                                "the indicator code persists; series that break: {broken}; new "
                                "series: {new}.",
    "store.none": "none",
    "series.break": "{indicator} ({why})",
    "series.gone": "no longer in the plan",
    "series.changed": "{what} changed from {before} to {after}",
    "series.measure.unit": "unit",
    "series.measure.aggregation": "aggregation",
    "series.measure.polarity": "polarity",
    "series.measure.definition": "definition",
    "review.to_date": "to date",
    # Reporting periods.
    "period.frequency.quarterly": "quarterly",
    "period.frequency.semi-annual": "semi-annual",
    "period.frequency.annual": "annual",
    "period.form.quarterly": "YYYY-Q1 to YYYY-Q4, e.g. 2026-Q3",
    "period.form.semi-annual": "YYYY-H1 or YYYY-H2, e.g. 2026-H1",
    "period.form.annual": "YYYY, e.g. 2026",
}
"""Sentences and fragments that are not messages of their own: how a finding prints, and the
parts the code puts into messages (``toolkit.language.phrase``)."""
