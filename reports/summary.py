"""The management summary of a council report, selected from the report's frozen snapshot.

Everything here is read from the chapters' own data, so the summary cannot say anything the
chapters do not: it counts, picks and phrases, and never queries the database. A chapter that
is missing (an app without report sections) leaves its part of the summary out.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# How many decisions and risks the summary names (the chapters list them all).
SUMMARY_DECISIONS = 3
SUMMARY_RISKS = 3


def _section(snapshot: dict, key: str) -> dict | None:
    for section in snapshot.get("sections", []):
        if section["key"] == key:
            return section["data"]
    return None


def _status_sentence(rows: list[dict]) -> str:
    """'Stand van de 5 werkstromen: 2 op koers, 3 aandacht nodig, geen in gevaar.'"""
    labels = [
        ("op_koers", _("op koers")),
        ("aandacht", _("aandacht nodig")),
        ("in_gevaar", _("in gevaar")),
        (None, _("nog zonder rapportage")),
    ]
    parts = []
    for code, label in labels:
        count = sum(1 for row in rows if row.get("status") == code)
        if count or code in ("op_koers", "in_gevaar"):
            parts.append(f"{count if count else _('geen')} {label}")
    return ngettext(
        "Stand van de %(n)d werkstroom: %(parts)s.",
        "Stand van de %(n)d werkstromen: %(parts)s.",
        len(rows),
    ) % {"n": len(rows), "parts": ", ".join(parts)}


def _milestone_sentence(status: dict) -> str:
    reached = len(status.get("reached", []))
    late = sum(1 for m in status.get("due", []) if m.get("overdue"))
    if reached:
        text = ngettext(
            "In de periode is %(n)d mijlpaal behaald",
            "In de periode zijn %(n)d mijlpalen behaald",
            reached,
        ) % {"n": reached}
    else:
        text = _("In de periode is geen mijlpaal behaald")
    if late:
        return text + ngettext(
            "; %(n)d mijlpaal is op de datum van de gegevens te laat.",
            "; %(n)d mijlpalen zijn op de datum van de gegevens te laat.",
            late,
        ) % {"n": late}
    return text + _("; geen mijlpaal is op de datum van de gegevens te laat.")


def _workstreams(status: dict) -> list[dict]:
    return [
        {
            "number": row["number"],
            "name": row["name"],
            "status": row.get("status"),
            "status_label": row.get("status_label"),
            "trend": row.get("trend", ""),
            "result": row.get("result") or row.get("summary", ""),
            "next_milestone": row.get("next_milestone"),
        }
        for row in status.get("workstreams", [])
    ]


def _budget(budget: dict) -> dict:
    years = []
    for year in budget.get("shares", []):
        planned = Decimal(year["budget"])
        spent = Decimal(year["spent"])
        years.append(
            {
                "year": year["year"],
                "share": year["share"],
                "budget": year["budget"],
                "spent": year["spent"],
                "percent_spent": (spent / planned * 100) if planned else None,
            }
        )
    return {"years": years, "missing_years": budget.get("missing_years", [])}


def _decisions(data: dict) -> dict:
    decisions = data.get("decisions", [])
    # No decision carries a weight of its own: one that concerns more of the programme (more
    # workstreams) counts as more important, and the newest first among equals.
    ranked = sorted(
        decisions, key=lambda d: (len(d.get("workstreams", [])), d["date"]), reverse=True
    )
    return {"count": len(decisions), "highlights": ranked[:SUMMARY_DECISIONS]}


def _commitments(data: dict) -> dict:
    commitments = data.get("commitments", [])
    return {
        "total": len(commitments),
        "open": sum(1 for c in commitments if c.get("status") == "open"),
        "done": sum(1 for c in commitments if c.get("status") == "afgedaan"),
        "late": sum(1 for c in commitments if c.get("overdue")),
    }


def management_summary(snapshot: dict) -> dict:
    """The parts of the management summary, each None when its chapter is missing."""
    status = _section(snapshot, "governance_status")
    decisions = _section(snapshot, "governance_decisions")
    commitments = _section(snapshot, "governance_commitments")
    risks = _section(snapshot, "governance_risks")
    budget = _section(snapshot, "budget")
    maturity = _section(snapshot, "maturity")
    overview = []
    if status is not None:
        overview.append(_status_sentence(status.get("workstreams", [])))
        overview.append(_milestone_sentence(status))
    covered = {
        "governance_status",
        "governance_decisions",
        "governance_commitments",
        "governance_risks",
        "budget",
        "maturity",
    }
    # Chapters the summary has no part for may offer a short summary line of their own.
    others = [
        {"title": s["title"], "summary": s["data"]["summary"]}
        for s in snapshot.get("sections", [])
        if s["key"] not in covered
        and isinstance(s["data"], dict)
        and isinstance(s["data"].get("summary"), str)
        and s["data"]["summary"]
    ]
    summary = {
        "overview": overview,
        "others": others,
        "workstreams": _workstreams(status) if status is not None else None,
        "budget": _budget(budget) if budget is not None else None,
        "decisions": _decisions(decisions) if decisions is not None else None,
        "commitments": _commitments(commitments) if commitments is not None else None,
        "maturity": maturity.get("position") if maturity is not None else None,
        "risks": risks.get("risks", [])[:SUMMARY_RISKS] if risks is not None else None,
        "data_date": datetime.datetime.fromisoformat(snapshot["data_as_of"]).date(),
    }
    return summary
