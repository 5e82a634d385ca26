"""gunicorn settings (read by `gunicorn -c gunicorn.conf.py`); every value can be set from the environment.

Sync workers on purpose: Excel exports stream from temporary files through FileResponse, which a
sync worker sends with sendfile while an async worker class would not help a WSGI app. Behind
nginx (docs/deploy.md), which buffers slow clients, so a sync worker is never held by a slow phone.
"""

import multiprocessing
import os

wsgi_app = "bhxh_tracker.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
# A request that takes longer than this (a stuck database) is killed and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Only nginx on this machine may tell gunicorn the client's scheme and address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
limit_request_line = 8190
limit_request_field_size = 8190
