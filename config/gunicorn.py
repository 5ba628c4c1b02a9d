"""gunicorn settings for production (``gunicorn -c config/gunicorn.py config.wsgi``).

The access log records the path without its query string and without the referrer: a PB voting
QR link carries the single-use code as ``?code=``, and it must not end up in logs. Booking
links, receipts and offer confirmations carry their secret in the path: ``AccessLogger`` hides it
(``config.access_log``).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# One sync worker per CPU (at least two). Measured with bench/vote_burst.py on two CPUs with
# PostgreSQL on the same machine: more workers than CPUs made every request dearer (workers
# waiting on the database are swapped in and out), 4 workers cast 700 ballots/s, 2 cast 1,000.
# Set GUNICORN_WORKERS when the database is on another machine and the workers mostly wait.
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, os.cpu_count() or 2)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
logger_class = "config.access_log.AccessLogger"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
