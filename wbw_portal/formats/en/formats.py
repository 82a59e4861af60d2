"""English dates in the same day-month-year order as the Dutch pages ('15 January 2027',
'15/01/2027'): the portal is used in the Netherlands."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
