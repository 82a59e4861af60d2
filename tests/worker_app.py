"""Celery entry point of the test workers: the portal's app as production runs it, plus two
things.

Their council reports include the test section provider (tests/reports/sections_provider.py),
which the report tests steer through the database. Registering a provider is the configuration
the report contract offers; nothing of the report's own logic is replaced.

After the warm shutdown (the running task finished and acknowledged, the pool and the broker
connections closed, Celery's own `worker_shutdown` receivers run), the process leaves at once
instead of tearing its interpreter down: that teardown costs about a second of CPU per worker
(more on a busy machine) and checks nothing.
"""

import logging
import os
import sys

from celery.signals import worker_init, worker_shutdown

from core import reporting
from tests.reports import sections_provider
from wbw_portal.celery import app

if sections_provider.KEY not in reporting.sections:
    reporting.sections.register(sections_provider.KEY, sections_provider.sections)


def exit_without_interpreter_teardown(sender=None, **_kwargs) -> None:
    logging.shutdown()  # every log line is in the worker's log file
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(getattr(sender, "exitcode", None) or 0)


@worker_init.connect(weak=False)
def _exit_last(**_kwargs) -> None:
    # Connected once the apps' task modules are imported, so it runs after their receivers.
    worker_shutdown.connect(exit_without_interpreter_teardown, weak=False)


__all__ = ["app"]
