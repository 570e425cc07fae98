"""A real server on a real SQLite file: a slow upload does not keep others out.

Text extraction used to run inside the write transaction: a large file held SQLite's write
lock for half a minute, and a login at the same time failed with "database is locked". Here
the demo is served by waitress (as `samhandling serve` does), one person uploads a PDF whose
text takes the whole time budget to read, and another logs in meanwhile."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from samhandling.cases.tests.test_attachment_limits import pdf_bomb

EXTRACTION_SECONDS = 12


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def post(self, path: str, body: bytes, content_type: str) -> int:
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def log_in(self, username: str, password: str) -> int:
        self.get("/konto/logg-inn/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()}
        return self.post(
            "/konto/logg-inn/",
            urllib.parse.urlencode(form).encode(),
            "application/x-www-form-urlencoded",
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple:
    boundary = "samhandlingtestgrense"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "SAMHANDLING_DATA_DIR": str(tmp_path),
        "SAMHANDLING_EXTRACTION_SECONDS": str(EXTRACTION_SECONDS),
        "DJANGO_SETTINGS_MODULE": "samhandling.settings",
    }
    command = [sys.executable, "-m", "samhandling.cli"]
    subprocess.run([*command, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Starting takes a few seconds, many more on a busy machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5).close()
                break
            except OSError:
                assert process.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.own_sqlite
def test_a_login_during_a_slow_upload_succeeds_at_once(server):
    secretary = Session(server)
    assert secretary.log_in("sekretariat", "samhandling-demo") == 302
    case_path = re.search(r'href="(/saker/\d{4}/\d+/)"', secretary.get("/saker/")).group(1)
    upload_path = case_path + "vedlegg/"
    secretary.get(upload_path)
    body, content_type = _multipart(
        {
            "title": "Treig rapport",
            "access": "open",
            "exemption_basis": "",
            "csrfmiddlewaretoken": secretary.csrf(),
        },
        "file",
        "rapport.pdf",
        pdf_bomb(10),  # one page pypdf needs minutes for: extraction takes the whole budget
    )
    upload: dict = {}

    def send() -> None:
        started = time.monotonic()
        upload["status"] = secretary.post(upload_path, body, content_type)
        upload["seconds"] = time.monotonic() - started
        upload["ended"] = time.monotonic()

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(3)  # the upload is being read now
    started = time.monotonic()
    analyst = Session(server)
    assert analyst.log_in("analytikar", "samhandling-demo") == 302
    logged_in = time.monotonic()
    thread.join(timeout=180)
    assert upload["status"] == 302
    # The upload was slow (its extraction ran for seconds), yet the login did not wait for it.
    assert upload["seconds"] >= 5
    # Before, the login waited for SQLite's 20 s busy timeout and then failed with a 500.
    assert logged_in < upload["ended"]
    assert logged_in - started < 15
