"""Celery entry point for the report test worker: the portal's app, plus the test provider.

Adding a module to REPORT_SECTION_MODULES is the configuration the report contract offers;
nothing of the report's own logic is replaced.
"""

from core import reporting
from tests.governance.reports.sections_provider import MODULE
from wbw_portal.celery import app

if MODULE not in reporting.REPORT_SECTION_MODULES:
    reporting.REPORT_SECTION_MODULES.append(MODULE)

__all__ = ["app"]
