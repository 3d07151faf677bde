"""The Reports page's charts: the numbers of queries.py, labelled in the reader's language.

Each Chart is drawn by static/reports.js from its JSON (`Chart.data`) and repeated as
a table on the page, so the labels are translated here, on the server, once.
Each row of a table links to the list it counts (the case list's filters, the
Workforce list, the allotments).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from tracker.reports import queries
from tracker.reports.queries import Month
from tracker.rules.case_kinds import KINDS
from tracker.rules.processing import processing_time
from tracker.rules.schemes import contract_schemes
from tracker.rules.text import translated
from tracker.rules.workflow import all_stages, open_stage_codes, stage_label


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int | None]
    link: str | None = None  # the filtered list the row counts


@dataclass(frozen=True)
class Chart:
    key: str  # the canvas's and table's id
    kind: str  # "bar" or "line" (Chart.js types)
    columns: list[str]  # the x-axis labels, the table's columns
    series: list[Series]  # the datasets, the table's rows
    stacked: bool = False
    column_links: list[str | None] = field(default_factory=list)

    @property
    def data(self) -> dict[str, object]:
        """What reports.js draws: {type, labels, stacked, datasets: [{label, data}]}."""
        return {"type": self.kind, "labels": self.columns, "stacked": self.stacked,
                "datasets": [{"label": s.label, "data": s.values} for s in self.series]}

    @property
    def empty(self) -> bool:
        """No series to draw (the page says so in words instead)."""
        return not self.series


def _cases(**filters: Any) -> str:
    return url_for("cases.index", **filters)


def stage_history_chart(company_id: int, months: list[Month]) -> Chart:
    """Open cases per stage at each month's end (a stacked bar per month)."""
    history = queries.stage_history(company_id, months)
    series = [Series(translated(stage_label(code)), history[code], _cases(stage=code))
              for code in open_stage_codes() if any(history.get(code, []))]
    return Chart("stages", "bar", [m.label for m in months], series, stacked=True)


def stage_time_chart(company_id: int, since: date, today: date) -> Chart:
    """Average days in each stage (columns), one series per scheme."""
    times = queries.stage_times(company_id, since, today)
    stages = [code for code in all_stages() if any(t.stage == code for t in times)
              and code in open_stage_codes()]
    by_key = {(t.scheme, t.stage): t.average_days for t in times}
    schemes = sorted({t.scheme for t in times})
    series = [Series(scheme, [by_key.get((scheme, code)) for code in stages],
                     _cases(scheme=scheme)) for scheme in schemes]
    return Chart("stage-times", "bar", [translated(stage_label(c)) for c in stages], series,
                 column_links=[_cases(stage=c) for c in stages])


@dataclass(frozen=True)
class DecisionRow:
    scheme: str
    kind: str  # translated
    decisions: int
    average_days: float
    typical: str | None  # the typical time as its source says it, translated
    typical_days: int | None  # its upper bound in days
    link: str


def decision_rows(company_id: int, since: date, today: date) -> list[DecisionRow]:
    """Submission to approval per scheme and kind, beside the scheme's typical time
    (rules/processing.py, for an application submitted today)."""
    rows = []
    for time in queries.decision_times(company_id, since, today):
        typical = processing_time(time.scheme, time.kind, today)
        rows.append(DecisionRow(
            time.scheme, translated(KINDS[time.kind].label) if time.kind in KINDS else time.kind,
            time.decisions, time.average_days,
            translated(typical.label) if typical else None,
            (typical.decision_by(today) - today).days if typical else None,
            _cases(scheme=time.scheme)))
    return rows


def decision_chart(rows: list[DecisionRow]) -> Chart:
    """Average days to a decision against the typical time, per scheme and kind."""
    return Chart("decisions", "bar", [f"{r.scheme} · {r.kind}" for r in rows], [
        Series(_("Average days from submission to approval"), [r.average_days for r in rows]),
        Series(_("Typical processing time (days, upper bound)"),
               [r.typical_days for r in rows]),
    ], column_links=[r.link for r in rows])


def quota_chart(company_id: int, months: list[Month]) -> tuple[Chart, dict[str, int]]:
    """Quotas in use per allotment at each month's end; and each row's total quotas."""
    uses = queries.quota_use(company_id, months)
    series = [Series(u.itc_reference, list(u.used), _cases(allotment=u.id)) for u in uses]
    totals = {u.itc_reference: u.total_quotas for u in uses}
    return Chart("quotas", "line", [m.label for m in months], series), totals


def expiry_chart(company_id: int, months: list[Month]) -> Chart:
    """What ends in each month ahead: stays, passports, quota allotments, NET contracts."""
    counts = queries.expiries(company_id, months)
    contracts = contract_schemes()
    labels = {
        "stays": (_("Limits of stay"), url_for("people.workforce")),
        "passports": (_("Passports (people with an open case)"), _cases(attention="y")),
        "quotas": (_("Quota allotments (validity ends)"), url_for("quotas.allotments")),
        "contracts": (_("NET contracts"), _cases(scheme=contracts[0]) if contracts else None),
    }
    series = [Series(labels[kind][0], counts[kind], labels[kind][1])
              for kind in queries.EXPIRY_KINDS]
    return Chart("expiries", "bar", [m.label for m in months], series)
