"""Celery entry point for the report test worker: the test workers' app (tests/worker_app.py),
plus the test provider.

Registering a provider is the configuration the report contract offers; nothing of the
report's own logic is replaced.
"""

from core import reporting
from tests.reports import sections_provider
from tests.worker_app import app

if sections_provider.KEY not in reporting.sections:
    reporting.sections.register(sections_provider.KEY, sections_provider.sections)

__all__ = ["app"]
