"""Writes to the budget: each one atomic, validated, and recorded in the history."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget import notifications
from budget.models import (
    BudgetChange,
    BudgetLine,
    BudgetYear,
    ChangeKind,
    ChangeStatus,
    Entry,
    EntryKind,
    Share,
)
from budget.selectors import calculate_shares, kind_net, line_usage, lines_with_realisation
from budget.templatetags.money import format_euro
from core.concurrency import save_versioned
from core.imports.pipeline import ImportRejected, RowError

ENTRY_FIELDS = [
    "line",
    "kind",
    "is_credit",
    "booked_on",
    "amount",
    "description",
    "supplier",
    "reference",
    "status",
    "is_overrun",
]


@transaction.atomic
def shares_recalculate(*, budget_year: BudgetYear, acting_user=None) -> list[Share]:
    """Store the split of the year's total as the rule gives it now; unchanged rows stay as
    they are, so the history shows exactly which shares moved and from what."""
    BudgetYear.objects.select_for_update().get(pk=budget_year.pk)
    calculated = calculate_shares(budget_year=budget_year)
    existing = {share.organisation_id: share for share in budget_year.shares.all()}
    result = []
    for item in calculated:
        values = {"amount": item.amount, "member_days": item.member_days, "weight": item.weight}
        share = existing.pop(item.organisation.pk, None)
        if share is None:
            share = Share(budget_year=budget_year, organisation=item.organisation, **values)
            share.full_clean()
            share.save()
        else:
            changed = [name for name, value in values.items() if getattr(share, name) != value]
            if changed:
                for name in changed:
                    setattr(share, name, values[name])
                share.full_clean()
                share.save(update_fields=changed)
        result.append(share)
    for gone in existing.values():  # no longer a participant in that year
        gone.delete()
    return result


def _check_entry_against_budget(entry: Entry) -> None:
    """The guards a new or edited entry must pass, beyond the record's own validation."""
    line = BudgetLine.objects.select_for_update().get(pk=entry.line_id)
    if entry.is_credit:
        net = kind_net(line, entry.kind, excluding=entry)
        if entry.amount > net:
            raise ValidationError(
                {
                    "amount": _(
                        "Een creditboeking kan niet meer terugboeken dan er als %(kind)s op "
                        "deze post staat (%(net)s)."
                    )
                    % {"kind": entry.get_kind_display().lower(), "net": format_euro(net)}
                }
            )
        return
    remaining = line.amount - line_usage(line, excluding=entry)
    if entry.amount > remaining and not entry.is_overrun:
        raise ValidationError(
            {
                "amount": _(
                    "Deze boeking brengt de post '%(line)s' boven het budget: er resteert nog "
                    "%(remaining)s. Vink 'overschrijding' aan om de boeking als escalatie aan de "
                    "stuurgroep voor te leggen."
                )
                % {"line": line.name, "remaining": format_euro(remaining)}
            }
        )


@transaction.atomic
def entry_create(*, acting_user, **values) -> Entry:
    """Book a commitment or expenditure; refused over budget unless marked as an overrun."""
    entry = Entry(entered_by=acting_user, **values)
    entry.full_clean()
    _check_entry_against_budget(entry)
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, entry: Entry, expected_version: int, acting_user, **values) -> Entry:
    """Edit an entry; refused when someone else saved it first (StaleObjectError)."""
    for name, value in values.items():
        setattr(entry, name, value)
    entry.full_clean()
    _check_entry_against_budget(entry)
    save_versioned(entry, expected_version=expected_version, fields=list(values))
    return entry


def entries_import_check(*, budget_year: BudgetYear, rows: list[dict], row_numbers: list[int]):
    """The budget guards over all rows together, in file order; a constant number of queries.

    Returns a list of RowError (empty: the file may be booked).
    """

    usage, per_kind, budget = {}, {}, {}
    for line in lines_with_realisation().filter(budget_year=budget_year):
        budget[line.pk] = line.amount
        usage[line.pk] = line.committed + line.spent
        per_kind[(line.pk, EntryKind.COMMITMENT)] = line.committed
        per_kind[(line.pk, EntryKind.EXPENDITURE)] = line.spent
    errors = []
    for number, row in zip(row_numbers, rows, strict=True):
        line, amount = row["line"], row["amount"]
        if row["is_credit"]:
            net = per_kind[(line.pk, row["kind"])]
            if amount > net:
                errors.append(
                    RowError(
                        number,
                        "bedrag",
                        _(
                            "Een creditboeking kan niet meer terugboeken dan er op deze post staat "
                            "(%(net)s)."
                        )
                        % {"net": format_euro(net)},
                    )
                )
                continue
            usage[line.pk] -= amount
            per_kind[(line.pk, row["kind"])] -= amount
            continue
        remaining = budget[line.pk] - usage[line.pk]
        if amount > remaining and not row["is_overrun"]:
            errors.append(
                RowError(
                    number,
                    "bedrag",
                    _(
                        "Brengt de post '%(line)s' boven het budget: er resteert nog "
                        "%(remaining)s. Zet 'overschrijding' op 'ja' om de boeking als escalatie "
                        "door te zetten."
                    )
                    % {"line": line.name, "remaining": format_euro(remaining)},
                )
            )
            continue
        usage[line.pk] += amount
        per_kind[(line.pk, row["kind"])] += amount
    return errors


@transaction.atomic
def entries_import(
    *, budget_year: BudgetYear, rows: list[dict], row_numbers: list[int], acting_user
) -> list[Entry]:
    """Book every row of an import, or none: raises ImportRejected with the row errors."""
    # Lock the year's lines so no entry slips in between the check and the insert.
    list(BudgetLine.objects.select_for_update().filter(budget_year=budget_year))
    errors = entries_import_check(budget_year=budget_year, rows=rows, row_numbers=row_numbers)
    if errors:
        raise ImportRejected(errors)
    # The rows come from core.imports.pipeline.parse_file, which validated every field (and the
    # database checks the amounts again): no per-row full_clean, which would cost a query per row.
    entries = [Entry(entered_by=acting_user, **row) for row in rows]
    return Entry.objects.bulk_create(entries, batch_size=1000)


def _validate_change(change: BudgetChange) -> None:
    errors = {}
    year = change.budget_year
    for name in ("from_line", "to_line"):
        line = getattr(change, name)
        if line is not None and line.budget_year_id != year.pk:
            errors[name] = _("Deze post hoort niet bij het begrotingsjaar %(year)s.") % {
                "year": year.year
            }
    needs_from = change.kind in (ChangeKind.MOVE, ChangeKind.CONTINGENCY, ChangeKind.LOWER)
    needs_to = change.kind in (ChangeKind.MOVE, ChangeKind.CONTINGENCY, ChangeKind.RAISE)
    if needs_from and change.from_line is None:
        errors["from_line"] = _("Kies de post die lager wordt.")
    if not needs_from and change.from_line is not None:
        errors["from_line"] = _("Bij een verhoging blijft 'van post' leeg.")
    if needs_to and change.to_line is None:
        errors["to_line"] = _("Kies de post die hoger wordt.")
    if not needs_to and change.to_line is not None:
        errors["to_line"] = _("Bij een verlaging blijft 'naar post' leeg.")
    if change.from_line and change.to_line and change.from_line == change.to_line:
        errors["to_line"] = _("Van- en naar-post moeten verschillen.")
    if change.from_line and "from_line" not in errors:
        is_draw = change.from_line.is_contingency
        if change.kind == ChangeKind.CONTINGENCY and not is_draw:
            errors["from_line"] = _("Een onttrekking aan Onvoorzien gaat van de post Onvoorzien.")
        if change.kind == ChangeKind.MOVE and is_draw:
            errors["kind"] = _("Geld uit Onvoorzien halen is een 'onttrekking aan Onvoorzien'.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def change_propose(*, acting_user, **values) -> BudgetChange:
    """Record a proposed begrotingswijziging; it changes nothing until a stuurgroep member
    approves it."""
    change = BudgetChange(proposed_by=acting_user, status=ChangeStatus.PROPOSED, **values)
    change.full_clean()
    _validate_change(change)
    change.save()
    notifications.change_proposed_announce(change=change)
    return change


def _apply(change: BudgetChange) -> None:
    line_ids = [pk for pk in (change.from_line_id, change.to_line_id) if pk]
    lines = {
        line.pk: line for line in BudgetLine.objects.select_for_update().filter(pk__in=line_ids)
    }
    if change.from_line_id:
        source = lines[change.from_line_id]
        new_amount = source.amount - change.amount
        used = line_usage(source)
        if new_amount < used:
            raise ValidationError(
                _(
                    "Na deze wijziging zou de post '%(line)s' %(amount)s bedragen, minder dan er "
                    "al op geboekt is (%(used)s)."
                )
                % {
                    "line": source.name,
                    "amount": format_euro(new_amount),
                    "used": format_euro(used),
                }
            )
        source.amount = new_amount
        source.save(update_fields=["amount"])
    if change.to_line_id:
        target = lines[change.to_line_id]
        target.amount += change.amount
        target.save(update_fields=["amount"])


@transaction.atomic
def change_approve(
    *, change: BudgetChange, expected_version: int, acting_user, decision=None, note: str = ""
) -> BudgetChange:
    """Approve: the lines move, and the participants' shares follow the new total."""
    return _decide(
        change=change,
        expected_version=expected_version,
        acting_user=acting_user,
        decision=decision,
        note=note,
        status=ChangeStatus.APPROVED,
    )


@transaction.atomic
def change_reject(
    *, change: BudgetChange, expected_version: int, acting_user, decision=None, note: str = ""
) -> BudgetChange:
    """Reject: nothing in the budget changes; who and when are recorded."""
    return _decide(
        change=change,
        expected_version=expected_version,
        acting_user=acting_user,
        decision=decision,
        note=note,
        status=ChangeStatus.REJECTED,
    )


def _decide(*, change, expected_version, acting_user, decision, note, status) -> BudgetChange:
    if not acting_user.has_perm("budget.approve_change", change):
        raise PermissionDenied
    if change.proposed_by_id == acting_user.pk:
        raise ValidationError(_("Wie een wijziging voorstelt, kan haar niet zelf goedkeuren."))
    current = BudgetChange.objects.select_for_update().get(pk=change.pk)
    if current.status != ChangeStatus.PROPOSED:
        raise ValidationError(_("Over deze wijziging is al besloten."))
    fields = ["status", "decided_by", "decided_at", "decision_note"]
    if decision is not None:
        change.decision = decision
        fields.append("decision")
    change.status = status
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.decision_note = note
    change.full_clean()
    save_versioned(change, expected_version=expected_version, fields=fields)
    if status == ChangeStatus.APPROVED:
        _apply(change)
        if change.total_effect != Decimal(0):
            shares_recalculate(budget_year=change.budget_year, acting_user=acting_user)
    notifications.change_decided_announce(change=change)
    return change
