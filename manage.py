#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wbw_portal.settings")
    from wbw_portal import embedded

    # Development only (DEBUG on, not CI): unset DATABASE_URL / CELERY_BROKER_URL / SECRET_KEY
    # get the embedded servers under var/. In production this does nothing.
    embedded.bootstrap()

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
