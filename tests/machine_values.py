"""A check for the pages: the values a machine reads back (ids and numbers in URLs, form values,
HTML ids and their references, data-* and hx-* attributes) are written as plain digits.

The portal formats numbers the Dutch way with a thousands separator (USE_THOUSAND_SEPARATOR),
so `{{ item.pk }}` in a template gives "10.001", which no view reads as the id 10001; such
values go through `|unlocalize` (django.templatetags.l10n). The test databases' ids start at
10,000 (tests/schema.py), so that every page with an id shows the mistake.
"""

import re
from html.parser import HTMLParser

# A whole number with Dutch thousands separators: 10.001, 1.234.567.
GROUPED_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{3})+(?![\w.])")
# Attributes a person reads (labels, titles, alternative text) may show a number with its
# separators, as the page's text does.
FOR_PEOPLE = {
    "aria-label",
    "aria-valuetext",
    "aria-description",
    "title",
    "alt",
    "placeholder",
    "content",
}


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name not in FOR_PEOPLE and GROUPED_NUMBER.search(value):
                self.found.append(f"<{tag} {name}={value!r}>")


def localized_numbers_in_attributes(html: str) -> list[str]:
    """The attributes of `html` that hold a number with thousands separators."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.found
