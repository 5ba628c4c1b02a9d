"""gunicorn settings for production (``gunicorn -c config/gunicorn.py config.wsgi``).

The access log records the path without its query string and without the referrer: a PB voting
QR link carries the single-use code as ``?code=``, and it must not end up in logs.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
