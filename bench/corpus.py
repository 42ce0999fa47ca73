"""Synthetic plans at national and regional scale, and a corpus of filled returns for each.

The plans have 300 activities and 400 indicators spread over N institutions so that every
institution has something to report (activities as lead or partner, indicators to provide) and
one in ten holds statistics. Returns are the generated workbooks with values written straight
into their cell XML (the same values ``toolkit demo`` types, one seed per institution): real
filled ``.xlsx`` files that the aggregator accepts, without the cost of loading each workbook
in openpyxl. The corpus is cached under ``bench/.cache/`` keyed by a hash of the inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from toolkit.plan.codelists import DEFAULTS
from toolkit.plan.model import (
    DEFAULT_AREAS,
    Activity,
    Area,
    Goal,
    Indicator,
    Institution,
    Objective,
    OfficialSource,
    Plan,
    PlanMeta,
    Target,
)

CACHE = Path(__file__).resolve().parent / ".cache"
PERIOD = "2026-H1"
GENERATOR_VERSION = "1"
"""Bump when the corpus builder changes in a way that changes the files."""

UNITS = ("number", "number", "percent", "yes-no", "score", "rate-100k")
HOLDINGS = (("V",), ("V", "J"), ("A",), ("P",), ("J",))


def make_plan(n_institutions: int, n_activities: int = 300, n_indicators: int = 400,
              seed: int = 1) -> Plan:
    """A valid plan of the given size. Roles are dealt round-robin over the institutions:
    every activity has a lead and two partners, every indicator a provider."""
    rng = random.Random(seed)
    meta = PlanMeta(code="BENCH-NAP", version="1.0", country="Benchland",
                    title=f"Benchmark plan ({n_institutions} institutions)",
                    start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31),
                    coordinating_office="I0000", coordinator_contact="office@bench.example")
    insts = tuple(Institution(f"I{k:04d}", f"Institution {k} of Benchland",
                              "agency" if k % 3 else "local", "national" if k % 4 else "regional",
                              HOLDINGS[(k // 10) % len(HOLDINGS)] if k % 10 == 0 else (),
                              focal_point=f"Focal point {k}", position="Officer",
                              email=f"i{k}@bench.example")
                  for k in range(n_institutions))
    codes = [i.code for i in insts]
    slot = 0

    def deal() -> str:
        nonlocal slot
        code = codes[slot % len(codes)]
        slot += 1
        return code

    areas = tuple(Area(*a) for a in DEFAULT_AREAS)
    goals = tuple(Goal(f"SG-{a.code}{g}", a.code, f"Goal {g} of area {a.code}")
                  for a in areas for g in (1, 2))
    objectives = tuple(Objective(f"SO-{g.code[3:]}.{o}", g.code, f"Objective {o} of {g.code}")
                       for g in goals for o in (1, 2, 3))
    activities = []
    for n in range(n_activities):
        obj = objectives[n % len(objectives)]
        lead = deal()
        partners = tuple(dict.fromkeys(p for p in (deal(), deal()) if p != lead))
        deadline = "continuous" if n % 7 == 0 else dt.date(2026 + n % 2, 6 if n % 3 else 3, 30)
        activities.append(Activity(
            f"{obj.code[3:]}.{n + 1}", obj.code, f"Activity {n + 1}: measures against "
            f"trafficking under {obj.code}", lead, partners, dt.date(2025, 2, 1), deadline,
            f"Output of activity {n + 1}; records", rng.choice([None, 5000, 20000, 125000.5]),
            rng.choice(DEFAULTS["funding_source"][:3]), "secured"))
    indicators, targets = [], []
    for n in range(n_indicators):
        unit = UNITS[n % len(UNITS)]
        linked = activities[n % len(activities)].code if n % 4 else objectives[
            n % len(objectives)].code
        code = f"IND-{n + 1:03d}"
        base, final = {"number": (0, 40), "percent": (20, 60), "yes-no": (0, 1),
                       "score": (2, 4), "rate-100k": (1.5, 3.0)}[unit]
        indicators.append(Indicator(
            code, "output" if n % 4 else "outcome", linked, f"Indicator {n + 1} ({unit})",
            unit, "higher-is-better", "cumulative" if n % 5 == 0 else "periodic", base, 2024,
            None, final, "semi-annual", deal(), definition=f"Definition of indicator {n + 1}",
            data_source="Administrative records",
            disaggregations=("sex",) if unit == "number" and n % 3 == 0 else ()))
        if unit in ("number", "percent"):
            targets.extend(Target(code, y, final * (y - 2024) // 3) for y in (2025, 2026, 2027))
    # The first holder of each table is its official source (docs/indicators.md §6).
    first = {group: next((i.code for i in insts if group in i.statistics), None)
             for group in ("V", "A", "J", "P")}
    official = tuple(OfficialSource(t, first[t[0]]) for t in DEFAULTS["statistics_table"]
                     if first[t[0]])
    return Plan(meta, areas, goals, objectives, tuple(activities), tuple(indicators),
                tuple(targets), insts, (), dict(DEFAULTS), official_sources=official)


def corpus_key(n_institutions: int, n_activities: int = 300, n_indicators: int = 400) -> str:
    """Hash of everything the corpus depends on: sizes, builder version, toolkit version and
    the reporting declarations (a change in any of them gives a new corpus)."""
    from toolkit import __version__
    from toolkit.declarations.source import templates_dir
    from toolkit.plan.identity import content_hash

    plan = make_plan(n_institutions, n_activities, n_indicators)
    doc = {"n": n_institutions, "period": PERIOD, "builder": GENERATOR_VERSION,
           "toolkit": __version__, "plan": content_hash(plan),
           "declarations": hashlib.sha256((templates_dir() / "reporting.toml").read_bytes())
           .hexdigest()}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Corpus:
    """One plan, its period and the filled returns of every institution."""

    n: int
    plan: Plan
    period: object
    folder: Path
    returns: list[Path]
    built_in: float = 0.0
    """Seconds spent building (0 when it came from the cache)."""


def period_of(plan: Plan):
    """The benchmark's reporting period of a plan."""
    from toolkit.reporting.periods import parse_period

    return parse_period(PERIOD, plan.meta.frequency, plan.meta.start, plan.meta.end)


def build_corpus(n_institutions: int, cache: Path = CACHE, log=print, n_activities: int = 300,
                 n_indicators: int = 400) -> Corpus:
    """The corpus of N institutions, from the cache when it is there."""
    import time

    plan = make_plan(n_institutions, n_activities, n_indicators)
    period = period_of(plan)
    key = corpus_key(n_institutions, n_activities, n_indicators)
    folder = cache / f"n{n_institutions}-{key}"
    done = folder / "complete.json"
    if done.exists():
        names = json.loads(done.read_text())["returns"]
        return Corpus(n_institutions, plan, period, folder,
                      [folder / "returns" / n for n in names])
    start = time.perf_counter()
    if folder.exists():
        shutil.rmtree(folder)
    log(f"building the corpus of {n_institutions} institutions in {folder} ...")
    returns = fill_all(plan, period, folder)
    done.write_text(json.dumps({"returns": [p.name for p in returns]}))
    for old in cache.glob(f"n{n_institutions}-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    return Corpus(n_institutions, plan, period, folder, returns, time.perf_counter() - start)


def fill_all(plan: Plan, period, folder: Path) -> list[Path]:
    """Generate every workbook of the period and write one filled return per institution."""
    from toolkit.declarations.labels import labels
    from toolkit.generate.workbooks import generate
    from toolkit.reporting.layout import build_layout, default_deadline
    from toolkit.reporting.scope import assignments

    deadline = default_deadline(plan, period)
    generated = generate(plan, period, folder / "generated", password="bench")
    chosen = assignments(plan, period)
    text = labels(plan.meta.language)
    out = folder / "returns"
    out.mkdir(parents=True, exist_ok=True)
    saved = dt.datetime.combine(deadline, dt.time(10)) - dt.timedelta(days=3)
    written = []
    for n, g in enumerate(generated):
        layout = build_layout(plan, period, chosen[g.institution], deadline)
        values = return_values(plan, period, layout, saved, n, text)
        target = out / g.path.name
        write_values(g.path, target, layout, values, saved - dt.timedelta(hours=n % 48))
        written.append(target)
    shutil.rmtree(folder / "generated")
    return written


def return_values(plan, period, layout, saved: dt.datetime, seed: int, text) -> dict:
    """The values an agency types, by (row key, field key): as ``toolkit demo`` fills them."""
    from toolkit.commands.agency import agency_values

    return agency_values(plan, period, layout, seed, text, saved.date())


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _cell_xml(ref: str, style: str, value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{style}><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    return (f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
            f'{escape(str(value))}</t></is></c>')


_BLANK = re.compile(r'<c r="([A-Z]{1,3}[0-9]+)"( s="[0-9]+")?/>')


def write_values(source: Path, target: Path, layout, values: dict, saved: dt.datetime) -> None:
    """Copy a generated workbook with the given inputs typed in and the given save time.

    Inputs are blank styled cells in the generated sheet XML; each is replaced by the same cell
    holding its value (numbers and dates as numbers, text inline). Nothing else changes but
    the modification time in ``docProps/core.xml``.
    """
    from toolkit.reporting.layout import INPUT

    with zipfile.ZipFile(source) as zin:
        book = zin.read("xl/workbook.xml").decode()
        rels = zin.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId[0-9]+)"[^>]*Target="([^"]+)"', rels)
                       + [(b, a) for a, b in re.findall(r'Target="([^"]+)"[^>]*Id="(rId[0-9]+)"',
                                                          rels)])
        parts = {}
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="[0-9]+"[^>]*r:id="(rId[0-9]+)"',
                                    book):
            parts[_unescape(name)] = "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
        edits: dict[str, dict[str, object]] = {}
        for sheet in layout.sheets:
            for f in sheet.fields:
                if f.kind == INPUT and (f.row_key, f.key) in values:
                    edits.setdefault(parts[sheet.name], {})[f.ref] = values[(f.row_key, f.key)]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename in edits:
                    cells = edits[info.filename]
                    text = _BLANK.sub(lambda m: _cell_xml(m.group(1), m.group(2) or "",
                                                          cells[m.group(1)])
                                      if m.group(1) in cells else m.group(0), data.decode())
                    data = text.encode()
                elif info.filename == "docProps/core.xml":
                    stamp = saved.strftime("%Y-%m-%dT%H:%M:%SZ")
                    data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                  rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
                zout.writestr(info, data, zipfile.ZIP_DEFLATED)


def _unescape(text: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text, {"&quot;": '"', "&apos;": "'"})
