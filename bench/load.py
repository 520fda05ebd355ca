"""Loading one URL for a fixed time: ``wrk`` when installed, else :mod:`bench.pyload`.

Both keep ``connections`` keep-alive connections busy for ``seconds`` after a warm-up
and report requests per second and the 99th percentile latency. Every measurement
also records the CPU the server process used, so a number can be read as "this page
costs so many milliseconds of server CPU".
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.servers import cpu_seconds

WRK_SCRIPT = """\
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class Measurement:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int
    bytes_per_request: float
    server_cpu_ms_per_request: float
    machine_busy: float
    background_busy: float

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def wrk_version() -> str | None:
    path = shutil.which("wrk")
    if path is None:
        return None
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"wrk\s+(\S+)", output.stdout + output.stderr)
    return found.group(1) if found else "unknown"


def background_busy(seconds: float = 1.0) -> float:
    """How busy the CPUs are while nothing of ours runs: other work on the machine."""
    busy_before, total_before = _machine_ticks()
    time.sleep(seconds)
    busy_after, total_after = _machine_ticks()
    ticks = total_after - total_before
    return (busy_after - busy_before) / ticks if ticks else 0.0


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0, 0
    values = [int(v) for v in first]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


class LoadGenerator:
    """Loads a URL with ``connections`` keep-alive connections; ``tool`` is wrk or python."""

    def __init__(self, tool: str, connections: int, threads: int, workdir: Path) -> None:
        self.tool = tool
        self.connections = connections
        self.threads = threads
        self.script = workdir / "report.lua"
        self.script.write_text(WRK_SCRIPT)

    def describe(self) -> str:
        if self.tool == "wrk":
            return f"wrk {wrk_version()} ({self.threads} threads, {self.connections} connections)"
        return f"python threads ({self.connections} connections, one process)"

    def _wrk(self, url: str, headers: dict[str, str], seconds: float) -> dict[str, Any]:
        command = [
            "wrk",
            "-t",
            str(self.threads),
            "-c",
            str(self.connections),
            "-d",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            str(self.script),
        ]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True)
        line = next((x for x in output.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk printed no report:\n{output.stdout}\n{output.stderr}")
        raw = json.loads(line.removeprefix("BENCH_JSON "))
        failed = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
        return {
            "requests": raw["requests"],
            "duration_s": raw["duration_us"] / 1e6,
            "bytes": raw["bytes"],
            "p50_ms": raw["p50_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000,
            "failed": failed,
        }

    def _python(self, url: str, headers: dict[str, str], seconds: float) -> dict[str, Any]:
        spec = {
            "url": url,
            "headers": headers,
            "connections": self.connections,
            "seconds": seconds,
            "warmup": 0,
        }
        output = subprocess.run(
            [sys.executable, "-m", "bench.pyload", json.dumps(spec)],
            capture_output=True,
            text=True,
            check=True,
        )
        raw = json.loads(output.stdout.strip().splitlines()[-1])
        good = sum(n for s, n in raw["statuses"].items() if int(s) < 400)
        return {
            "requests": raw["requests"],
            "duration_s": raw["duration_s"],
            "bytes": raw["bytes"],
            "p50_ms": raw["p50_ms"],
            "p99_ms": raw["p99_ms"],
            "failed": raw["requests"] - good + raw["socket_errors"],
        }

    def _run(self, url: str, headers: dict[str, str], seconds: float) -> dict[str, Any]:
        if self.tool == "wrk":
            return self._wrk(url, headers, seconds)
        return self._python(url, headers, seconds)

    def measure(
        self, url: str, headers: dict[str, str], *, seconds: float, warmup: float, server_pid: int
    ) -> Measurement:
        idle = background_busy()
        if warmup > 0:
            self._run(url, headers, warmup)
        cpu_before = cpu_seconds(server_pid)
        busy_before, total_before = _machine_ticks()
        raw = self._run(url, headers, seconds)
        cpu = cpu_seconds(server_pid) - cpu_before
        busy_after, total_after = _machine_ticks()
        requests = raw["requests"]
        ticks = total_after - total_before
        return Measurement(
            requests_per_s=requests / raw["duration_s"] if raw["duration_s"] else 0.0,
            p50_ms=raw["p50_ms"],
            p99_ms=raw["p99_ms"],
            requests=requests,
            failed=raw["failed"],
            bytes_per_request=raw["bytes"] / requests if requests else 0.0,
            server_cpu_ms_per_request=cpu * 1000 / requests if requests else 0.0,
            machine_busy=(busy_after - busy_before) / ticks if ticks else 0.0,
            background_busy=idle,
        )
