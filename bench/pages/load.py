"""HTTP load for the page benchmark: login, warm single-request latency and throughput under
concurrent connections, against 127.0.0.1 only. Throughput uses ``wrk`` when it is installed
and a small threaded keep-alive client (standard library only) otherwise."""

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie

HOST = "127.0.0.1"


@dataclass
class Throughput:
    requests_per_s: float
    requests: int
    errors: int
    tool: str


def _connection(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, port, timeout=60)


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn = _connection(port)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, _ = get(port, "/bench/hello/")
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"no server answered on {HOST}:{port} within {seconds:.0f} s")
        time.sleep(0.2)


def login(port: int, username: str, password: str) -> str:
    """Logs in through the login form and returns the Cookie header of the session."""
    conn = _connection(port)
    try:
        conn.request("GET", "/konto/logg-inn/")
        response = conn.getresponse()
        body = response.read().decode()
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        cookie = "; ".join(f"{k}={v.value}" for k, v in cookies.items())
        form = f"csrfmiddlewaretoken={token}&username={username}&password={password}"
        conn.request(
            "POST",
            "/konto/logg-inn/",
            body=form,
            headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{port}/konto/logg-inn/",
            },
        )
        response = conn.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        if response.status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"login as {username} failed (HTTP {response.status})")
        return "; ".join(f"{k}={v.value}" for k, v in cookies.items())
    finally:
        conn.close()


def latency(port: int, path: str, cookie: str, *, count: int, seconds: float) -> list[float]:
    """Milliseconds of single requests one after another on one keep-alive connection,
    after two warm-up requests; stops at ``count`` requests or ``seconds``."""
    conn = _connection(port)
    headers = {"Cookie": cookie} if cookie else {}
    timings = []
    try:
        for _ in range(2):
            conn.request("GET", path, headers=headers)
            _check(conn.getresponse(), path)
        deadline = time.monotonic() + seconds
        while len(timings) < count and (len(timings) < 5 or time.monotonic() < deadline):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            _check(conn.getresponse(), path)
            timings.append((time.perf_counter() - start) * 1000)
    finally:
        conn.close()
    return timings


def _check(response: http.client.HTTPResponse, path: str) -> None:
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered HTTP {response.status}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(fraction * 100) - 1]


def throughput(
    port: int, path: str, cookie: str, *, connections: int, seconds: float, tool: str
) -> Throughput:
    if tool == "wrk" and shutil.which("wrk"):
        return _wrk(port, path, cookie, connections=connections, seconds=seconds)
    return _threads(port, path, cookie, connections=connections, seconds=seconds)


def _wrk(port: int, path: str, cookie: str, *, connections: int, seconds: float) -> Throughput:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://{HOST}:{port}{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    return Throughput(rate, total, errors, "wrk")


def _threads(port: int, path: str, cookie: str, *, connections: int, seconds: float) -> Throughput:
    """``connections`` threads, each with its own keep-alive connection, for ``seconds``."""
    headers = {"Cookie": cookie} if cookie else {}
    counts = [0] * connections
    errors = [0] * connections
    start = time.monotonic()
    deadline = start + seconds

    def worker(index: int) -> None:
        conn = _connection(port)
        while time.monotonic() < deadline:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = _connection(port)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return Throughput(sum(counts) / elapsed, sum(counts), sum(errors), "python")
