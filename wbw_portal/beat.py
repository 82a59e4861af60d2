"""Celery beat's scheduler: Celery's own, keeping its schedule file under VAR_DIR."""

from pathlib import Path

from celery import beat


class PersistentScheduler(beat.PersistentScheduler):
    """Creates the schedule file's folder first: var/ need not exist yet (nor in a container)."""

    def setup_schedule(self):
        Path(self.schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        super().setup_schedule()
