"""Dutch dates as the portal shows them: '15 januari 2027' in text, '15-01-2027' in tables
(Django's own Dutch short format drops the leading zeros)."""

from django.conf.locale.nl.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
DATETIME_FORMAT = "j F Y H:i"
