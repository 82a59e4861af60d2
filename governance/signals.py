"""Signals other apps connect to (notifications, calendar); governance sends, never listens.

Both are sent with `sender=Meeting` and `meeting=<Meeting>` after the transaction that made the
change commits (transaction.on_commit), so a receiver sees the saved state and may queue a task.

- `agenda_published`: the agenda of `meeting` was published (services.meeting_agenda_publish);
  also `acting_user`.
- `agenda_changed`: a published meeting's date, time, location or agenda changed and its
  `calendar_sequence` was bumped; also `acting_user` and `changes` (a short list of field names
  or "agenda").
- `meeting_papers_changed`: a paper of a meeting whose agenda is published was added, replaced
  by a new version or removed; also `acting_user`, `paper` (its title), `change` ("added",
  "replaced" or "removed") and `ident` (what makes this change one of its own: the new version's
  or the removed paper's id).
"""

import django.dispatch

agenda_published = django.dispatch.Signal()
agenda_changed = django.dispatch.Signal()
meeting_papers_changed = django.dispatch.Signal()
