"""Checks shared by the record-page tests of every app: the one read-only layout shows every
field of the record (core.templatetags.portal.record_fields) with its value."""

import re
from html import unescape

from core.templatetags.portal import record_fields


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def assert_every_field_shown(main: str, record) -> None:
    """Each field's label, and its value as the layout formats it, appear in `main`."""
    text = text_of(main)
    rows = record_fields(record)
    assert rows, record
    for label, value, _link, items in rows:
        assert f">{label}</dt>" in main, label
        if items is not None:
            for name, _url in items:
                assert name in text, (label, name)
        elif value not in ("", None, True, False):
            expected = text_of(str(value)).strip()
            assert expected in text, (label, expected)
