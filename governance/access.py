"""Governance's grants for the access review (core.access): read access to the registers."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _


def register_grants(users) -> dict[int, list[str]]:
    from governance.models import RegisterAccessGrant

    today = datetime.date.today()
    result: dict[int, list[str]] = {}
    for grant in RegisterAccessGrant.objects.filter(user__in=users):
        if grant.valid_until is None:
            text = _("Inzage in de registers")
        elif grant.is_valid_on(today):
            text = _("Inzage in de registers tot en met %(date)s") % {
                "date": formats.date_format(grant.valid_until, "j F Y")
            }
        else:
            text = _("Inzage in de registers (verlopen op %(date)s)") % {
                "date": formats.date_format(grant.valid_until, "j F Y")
            }
        result[grant.user_id] = [text]
    return result
