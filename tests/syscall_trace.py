"""Running a command under ``strace`` and reading back what it tried to reach.

The offline tests do not rely on a look-up failing quietly: they record
every ``connect``/``send*`` and every file opened for writing, and fail on
any attempt to resolve a name through DNS (a socket to port 53, loopback
resolvers included), on any connection to an address other than loopback,
and on anything written under ``~/.cache/Microsoft`` (ONNX Runtime's
telemetry cache). The name-service cache daemon's socket is not counted:
glibc also asks it for user and group names.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
from pathlib import Path

from tests.prerequisites import require

TRACED_CALLS = "connect,sendto,sendmsg,sendmmsg,openat,mkdir,mkdirat"
TELEMETRY_CACHE = ".cache/Microsoft"

_INET = re.compile(r'sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)')
_INET6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"')
_WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT")


def strace_argv(trace_path: Path) -> list[str]:
    """The prefix that runs a command (and every process it starts) under strace."""
    executable = shutil.which("strace")
    require(executable is not None, "strace is not installed (scripts/ensure-services installs it)")
    assert executable is not None
    return [executable, "-f", "-qq", "-s", "256", "-e", f"trace={TRACED_CALLS}", "-o", str(trace_path)]


def _loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def violations(trace: str) -> list[str]:
    """Trace lines that show a name look-up, an outbound connection, or a
    write under ~/.cache/Microsoft."""
    found = []
    for line in trace.splitlines():
        if re.search(r"\b(connect|sendto|sendmsg|sendmmsg)\(", line):
            for pattern in (_INET, _INET6):
                for port, address in pattern.findall(line):
                    if int(port) == 53 or not _loopback(address):
                        found.append(line)
        elif TELEMETRY_CACHE in line:
            if re.search(r"\bmkdir(at)?\(", line) or any(flag in line for flag in _WRITE_FLAGS):
                found.append(line)
    return found


def check_trace(trace_path: Path, home: Path) -> None:
    """Fail with the offending lines (and what ended up in the telemetry cache)."""
    lines = violations(trace_path.read_text(errors="replace"))
    cached = sorted(str(p) for p in (home / TELEMETRY_CACHE).rglob("*")) if (home / TELEMETRY_CACHE).exists() else []
    assert not lines and not cached, (
        f"{len(lines)} network or telemetry attempts:\n" + "\n".join(lines[:20]) + "\nfiles: " + ", ".join(cached[:10])
    )
