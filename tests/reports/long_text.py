"""A council report's snapshot with a long unbroken string in every user text field that
reaches the report: shared by tests/reports/test_long_text.py and the timing in
docs/reports.md ("Long text")."""

import copy

LENGTH = 1000  # the timings in docs/reports.md used 3,000
CODES = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "xyz"]

# Per section: the paths (dotted; "*" = the first element of a list) of text that users type
# in the portal and the report prints. Codes, dates, numbers and organisation names (managed
# with the seed) are not user text; a milestone's or commitment's workstream and the
# snapshot's list of workstreams are kept but not printed.
USER_TEXT = {
    "governance_status": [
        "workstreams.*.name",
        "workstreams.*.lead",
        "workstreams.*.summary",
        "workstreams.*.result",
        "workstreams.*.next_steps",
        "workstreams.*.next_milestone.title",
        "due.*.title",
        "due.*.workstream",
        "reached.*.title",
        "reached.*.workstream",
    ],
    "governance_decisions": ["decisions.*.text", "decisions.*.workstreams.*"],
    "governance_commitments": [
        "commitments.*.text",
        "commitments.*.made_by",
    ],
    "governance_risks": ["risks.*.title", "risks.*.mitigation", "risks.*.workstream"],
    "budget": ["years.*.lines.*.name"],
    "maturity": [
        "round.name",
        "profile.*.characteristic",
    ],
}
TOP_LEVEL = ["requested_by"]


TOKEN = 10  # = the `breakable` filter's BREAKABLE_EVERY


def long_string(code: str) -> str:
    """An unbroken string of LENGTH characters made of distinct 10-character tokens
    ('ab000qwert', 'ab001qwert', …): however the layout wraps it and a PDF text extractor
    interleaves table columns, each token stays whole, so the string is all there exactly when
    all its tokens are. Lower case, because some fields are printed lower-cased."""
    count = LENGTH // TOKEN
    return "".join(f"{code}{index:03d}qwert" for index in range(count))


def tokens(value: str) -> list[str]:
    return [value[i : i + TOKEN] for i in range(0, len(value), TOKEN)]


def _set(data, path: list[str], value: str) -> bool:
    """Set the string at `path`; False where the data has nothing there (an empty list)."""
    *parents, last = path
    node = data
    for step in parents:
        if step == "*":
            if not node:
                return False
            node = node[0]
        else:
            node = node.get(step)
            if node is None:
                return False
    if last == "*":
        if not node:
            return False
        node[0] = value
    elif isinstance(node, dict) and node.get(last) is not None:
        node[last] = value
    else:
        return False
    return True


def with_long_text(snapshot: dict) -> tuple[dict, list[str], list[str]]:
    """A copy of `snapshot` with a long string in every user text field it has; those strings;
    and the paths it had no value for. The management summary is made from the same data at
    render time."""
    snapshot = copy.deepcopy(snapshot)
    placed, skipped = [], []
    targets = [(snapshot, path, f"top{i}") for i, path in enumerate(TOP_LEVEL)]
    for section in snapshot["sections"]:
        for i, path in enumerate(USER_TEXT.get(section["key"], [])):
            targets.append((section["data"], path, f"{section['key']}{i}"))
    for number, (data, path, label) in enumerate(targets):
        value = long_string(CODES[number])
        if _set(data, path.split("."), value):
            placed.append(value)
        else:
            skipped.append(f"{label}:{path}")
    return snapshot, placed, skipped
