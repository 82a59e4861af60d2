"""One confirmation step for irreversible actions, rendered by the server (no inline script).

A view that performs an irreversible step asks ``needs_confirmation(request)`` first. While the
POST does not carry ``confirm=1`` the view changes nothing and answers ``confirm_page(...)``: a
page that names what will happen and re-posts the same form (every field carried as a hidden
input) with ``confirm=1`` added. The second POST then does the step. Cancelling is either a link
(`cancel_url`) or, for a form, a button that posts the same fields with ``confirm=back``: the
view then shows its form again with what was typed (``is_going_back``), saving nothing.
Pages that want the question in place instead of on its own page include
``includes/confirm_form.html`` with ``confirm_context(...)``.
"""

from dataclasses import dataclass

from django.shortcuts import render

CONFIRM_FIELD = "confirm"
# Never carried to the second form: the token is written afresh, the flag is added.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says. `warning` is shown above the question (e.g. a period
    that has not ended yet); `details` are (label, value) rows naming what is confirmed."""

    title: str
    question: str
    confirm_label: str
    cancel_url: str = ""
    warning: str = ""
    details: tuple[tuple[str, str], ...] = ()
    danger: bool = False


def is_confirmed(request) -> bool:
    """True for the second POST, the one sent from the confirmation page."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def needs_confirmation(request) -> bool:
    return not is_confirmed(request)


def is_going_back(request) -> bool:
    """True when the confirmation page's "back" button sent the form's fields back."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "back"


def carried_fields(request) -> list[tuple[str, str]]:
    """The POSTed fields to send again, multi-valued fields (checkboxes) included."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]


def confirm_context(request, confirmation: Confirmation) -> dict:
    return {
        "confirmation": confirmation,
        "carried": carried_fields(request),
        "confirm_action": request.get_full_path(),
        "confirm_field": CONFIRM_FIELD,
    }


def confirm_page(request, confirmation: Confirmation, *, status: int = 200):
    """The confirmation step: nothing has been changed yet."""
    context = confirm_context(request, confirmation)
    return render(request, "core/confirm.html", context, status=status)
