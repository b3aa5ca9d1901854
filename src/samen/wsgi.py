"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
application = get_wsgi_application()

# Import the URL tree, and with it every view, while the worker starts. Otherwise each worker's
# first request pays for it (seconds: NumPy and numba come with the linkage views), and every
# other thread of that worker waits behind the import lock.
get_resolver().url_patterns  # noqa: B018
