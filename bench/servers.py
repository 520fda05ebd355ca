"""Starting and stopping the server processes, and talking to them as a browser would."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from types import TracebackType
from urllib.parse import urlencode

from bench.serve import HOST

READY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """A ``python -m bench.serve`` child process, stopped when the block ends."""

    def __init__(self, name: str, args: list[str], logdir: Path) -> None:
        self.name = name
        self.port = free_port()
        self.log_path = logdir / f"server-{name}.log"
        self._args = args
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Server:
        command = [sys.executable, "-m", "bench.serve", *self._args, "--port", str(self.port)]
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} server exited; see {self.log_path}:\n"
                    + self.log_path.read_text()[-2000:]
                )
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} server did not listen within {READY_TIMEOUT} s")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._process is None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def request(
    base: str,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    """One HTTP request on a fresh connection; redirects are returned, not followed."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


class _FormFields(HTMLParser):
    """The hidden inputs of the log-in form (deform's markers and the CSRF token)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.fields[found["name"] or ""] = found.get("value") or ""


@dataclass
class Browser:
    """Just enough of a browser to log in: it keeps the cookies it is given."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reply = request(self.base, method, path, headers, body)
        for name, value in reply.headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return reply


def log_in(base: str, email: str, password: str, landing: str) -> str:
    """Log in through the real form; the Cookie header a logged-in browser would send.

    The landing page is opened once, so the welcome message is shown and gone: the
    measured requests then carry a session with nothing left to pop.
    """
    browser = Browser(base)
    page = browser.send("GET", "/login")
    parser = _FormFields()
    parser.feed(page.body.decode())
    fields = {**parser.fields, "email": email, "password": password, "login": "login"}
    reply = browser.send("POST", "/login", fields)
    if reply.status != 302:
        raise RuntimeError(f"log-in failed with {reply.status}: {reply.body[:300]!r}")
    landed = browser.send("GET", landing)
    if landed.status != 200:
        raise RuntimeError(f"{landing} answered {landed.status} after log-in")
    return browser.cookie_header


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks
