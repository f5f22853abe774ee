"""The load benchmark's ceiling: production settings and middleware, one minimal view.

bench/load.sh serves it with the same gunicorn configuration as the portal, so the ratio of a
page's throughput to this one's is what the page itself costs.
"""

from .production import *  # noqa: F403

ROOT_URLCONF = "wsis_portal.bench_urls"
