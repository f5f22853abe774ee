"""A real outage: gunicorn with the production settings, against a throwaway PostgreSQL cluster
that the test stops and starts again. The rest of the suite's database is not touched.

Public pages and /healthz answer 503 with Retry-After while PostgreSQL is down, and 200 again
once it is back, from the same gunicorn process (no restart).
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

PORT = int(os.environ.get("WSIS_OUTAGE_DB_PORT", "54341"))
ROOT = Path(settings.BASE_DIR)


def pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def as_postgres(args):
    """initdb and postgres refuse root: run them as the postgres user, as scripts/db.sh does."""
    if os.getuid() == 0:
        return ["runuser", "-u", "postgres", "--", *map(str, args)]
    return [str(a) for a in args]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Cluster:
    def __init__(self, bin_dir, data):
        self.bin, self.data = bin_dir, data

    def ctl(self, *args):
        subprocess.run(
            as_postgres([self.bin / "pg_ctl", *args, "-D", self.data, "-w", "-s"]),
            check=True,
            cwd="/",
            stdout=subprocess.DEVNULL,
        )

    def start(self):
        options = f"-p {PORT} -k '' -c listen_addresses=127.0.0.1 -c fsync=off"
        self.ctl("start", "-l", self.data / "server.log", "-o", options)

    def stop(self):
        self.ctl("stop", "-m", "fast")


@pytest.fixture(scope="module")
def cluster():
    bin_dir = pg_bin()
    if bin_dir is None:
        pytest.skip("the PostgreSQL server is not installed")
    base = Path(tempfile.mkdtemp(prefix="wsis-outage-", dir="/var/tmp"))
    data = base / "data"
    if os.getuid() == 0:
        shutil.chown(base, "postgres")
    subprocess.run(
        as_postgres([bin_dir / "initdb", "-D", data, "--auth=trust", "-U", "postgres"]),
        check=True,
        cwd="/",
        stdout=subprocess.DEVNULL,
    )
    db = Cluster(bin_dir, data)
    db.start()
    try:
        subprocess.run(
            [bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "wsis"],
            check=True,
        )
        yield db
    finally:
        try:
            db.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def app(cluster):
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORT}/wsis",
        "DJANGO_SETTINGS_MODULE": "tests.serving.outage_settings",
        "DJANGO_SECRET_KEY": "outage-test-secret-key-" + "x" * 40,
        "DJANGO_HTTPS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESSLOG": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "wsis_portal/gunicorn.conf.py",
            "wsis_portal.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://{env['GUNICORN_BIND']}"
    try:
        for _ in range(100):
            try:
                get(url + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_outage_gives_503_and_recovery_needs_no_restart(cluster, app):
    for path in ("/", "/events/", "/healthz"):
        status, _, _ = get(app + path)
        assert status == 200, path

    cluster.stop()
    try:
        for path in ("/", "/events/", "/documents/"):
            status, headers, body = get(app + path)
            assert status == 503, path
            assert headers["Retry-After"] == "30"
            assert b"Temporarily unavailable" in body
            assert b"Traceback" not in body
        status, headers, body = get(app + "/healthz")
        assert status == 503 and headers["Retry-After"] == "30"
        assert b'"database": "down"' in body
    finally:
        cluster.start()

    for path in ("/", "/events/", "/healthz"):
        status, _, body = get(app + path)
        assert status == 200, (path, body[:200])
