#!/usr/bin/env python
"""Django's manage.py, for `manage.py check --deploy` and other admin tasks."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sousei.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
