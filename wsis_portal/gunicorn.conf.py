"""gunicorn for `make serve` and production (`gunicorn -c wsis_portal/gunicorn.conf.py ...`).

Every value can be overridden from the environment (GUNICORN_*), or on the command line.
"""

import multiprocessing
import os

cores = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Threaded workers: keep-alive connections and slow clients do not hold a whole process, and
# a thread waiting on PostgreSQL leaves the CPU to the others. Each thread keeps its own
# persistent database connection: workers x threads connections per app server.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", cores * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# Import the application once in the master and fork: faster starts, shared memory.
preload_app = True

timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))  # a stuck worker is replaced
graceful_timeout = 30  # in-flight requests finish on reload or shutdown
keepalive = 5
# Recycle workers now and then, so that no slow leak can grow without bound.
max_requests = 20_000
max_requests_jitter = 2_000

# Reject oversized request lines and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100

# Logs to stdout/stderr, one access line per request with its duration in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'

# Behind a proxy on another host, list its address so gunicorn trusts its X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's control socket is one path per user: several servers on one machine (make serve,
# the benchmark, the outage test) would take it from each other. Signals do the same job.
control_socket_disable = True
