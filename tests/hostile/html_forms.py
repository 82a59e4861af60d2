"""The forms of a rendered page, as a browser would submit them (tests only)."""

from html.parser import HTMLParser


class Forms(HTMLParser):
    """The forms of a page: method, action and their fields' current values."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._multiple = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (a.get("method") or "get").lower(), "action": a.get("action"), "f": {}}
            )
        if not self.forms:
            return
        fields = self.forms[-1]["f"]
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    fields.setdefault(name, a.get("value", "on"))
                else:
                    fields.setdefault(name, "")
            else:
                fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self._multiple = "multiple" in a
            if not self._multiple:
                fields.setdefault(name, "")
        elif tag == "option" and self._select:
            if self._multiple:
                if "selected" in a:
                    fields[self._select] = a.get("value", "")
            elif "selected" in a or not fields[self._select]:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["f"][self._textarea] += data


SKIPPED_ACTIONS = ("/uitloggen", "/taal/", "/zoeken/", "/logout")


def page_forms(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = Forms()
    parser.feed(response.content.decode())
    forms = []
    for form in parser.forms:
        action = form["action"] or url
        if action.startswith(SKIPPED_ACTIONS) or not form["f"]:
            continue
        form["f"].pop("csrfmiddlewaretoken", None)
        forms.append((form["method"], action, form["f"]))
    return forms
