"""The access review's rows, built in Python: every account is a row, and rendering some
fifteen template variables, filters and tags per row was most of the page."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import format_moment

register = template.Library()


@register.simple_tag
def access_review_rows(rows) -> str:
    """The table rows of the access review (audit.selectors.access_review), escaped as the
    template language would."""
    return mark_safe("".join(_row(row) for row in rows))  # noqa: S308 - escaped in _row


def _row(row) -> str:
    user = row.user
    inactive = f" · {escape(_('niet actief'))}" if not user.is_active else ""
    return (
        "\n    <tr>\n"
        f"      <td>{escape(user.get_full_name() or user.username)}<br>"
        f'<span class="small text-body-secondary">{escape(user.username)}{inactive}</span>'
        "</td>\n"
        f"      <td>{escape(user.organisation or '—')}</td>\n"
        f"      <td>{_joined(', ', row.roles) or escape(_('geen'))}</td>\n"
        f"      <td>{_joined('; ', row.grants) or '—'}</td>\n"
        f'      <td class="text-nowrap">{_last_login(user.last_login)}</td>\n'
        f"      <td>{_sign_in(row)}</td>\n"
        "    </tr>\n  "
    )


def _sign_in(row) -> str:
    """Single sign-on and the second factor, as the template's two lines in one cell."""
    sso = ""
    if row.sso:
        sso = _("via organisatie (%(providers)s)") % {"providers": _joined(", ", row.sso)}
    mfa = ""
    if row.mfa:
        mfa = escape(_("app ingesteld"))
        if row.recovery_codes_left is not None:
            left = row.recovery_codes_left
            mfa += ", " + ngettext(
                "%(left)s herstelcode over", "%(left)s herstelcodes over", left
            ) % {"left": escape(localize(left))}
    elif not row.sso:
        mfa = escape(_("niet ingesteld"))
    return f"{sso}\n          {mfa}"


def _last_login(moment) -> str:
    """As `{{ moment|date:"DATETIME_FORMAT"|default:_("nooit") }}`."""
    if moment is None:
        return escape(_("nooit"))
    return escape(format_moment(moment))


def _joined(separator: str, items) -> str:
    """As the `join` filter with autoescaping."""
    return escape(separator).join(escape(item) for item in items)
