"""Two gunicorn workers on one SQLite file under concurrent registrations and page views.

Measures throughput and latency and counts server errors (the goal: none, in particular no
"database is locked"). Talks only to 127.0.0.1; stops after a bounded number of requests.

    .venv/bin/python bench/sqlite_workers.py [--clients 8] [--requests 40]
"""

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def client_run(base: str, client: int, requests: int, latencies: list, errors: list) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    for number in range(requests):
        started = time.perf_counter()
        try:
            if number % 2:
                opener.open(f"{base}/", timeout=30).read()
            else:
                page = opener.open(f"{base}/auth/register", timeout=30).read().decode()
                data = urllib.parse.urlencode({
                    "csrf_token": CSRF.search(page).group(1), "display_name": f"Bench {client}-{number}",
                    "email": f"bench-{client}-{number}@example.org", "password": "benchmark password 1",
                    "password_confirmation": "benchmark password 1", "district": "0", "privacy_consent": "y",
                }).encode()
                opener.open(f"{base}/auth/register", data=data, timeout=30).read()
        except urllib.error.HTTPError as error:
            errors.append(error.code)
        except OSError as error:
            errors.append(str(error))
        latencies.append(time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="requests per client")
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {**os.environ, "INSTANCE_PATH": str(instance), "PARTICIPATION_ENV": "development",  # plain-HTTP cookies
           "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{instance / 'bench.db'}", "MAIL_BACKEND": "file",
           "RATELIMIT_ENABLED": "false"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "wsgi:app"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        latencies: list[float] = []
        errors: list = []
        started = time.perf_counter()
        threads = [threading.Thread(target=client_run, args=(base, c, args.requests, latencies, errors))
                   for c in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies.sort()
    print(f"{len(latencies)} requests in {elapsed:.1f} s: {len(latencies) / elapsed:.1f} req/s")
    print(f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms")
    print(f"errors: {len(errors)} {sorted(set(map(str, errors)))}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
