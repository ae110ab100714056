"""A real ``callbrief serve`` and a real browser: Debian's chromium driven by
Selenium through chromedriver.

The set-up installs ``chromium`` and ``chromium-driver`` with apt-get when
they are missing (CI starts on a fresh machine). Selenium is given the
driver's path and ``SE_AVOID_STATS=true``, so its driver manager neither
downloads a driver nor sends usage statistics. Screenshots of every page go
to ``tests/ui/screenshots`` (ignored by git).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.prerequisites import require, require_module
from tests.service_support import ROOT, Process, callbrief, free_port, service_env, wait_http

os.environ["SE_AVOID_STATS"] = "true"  # before Selenium reads it

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PEOPLE = (
    ("ann", "agent", "billing"), ("bob", "agent", "billing"), ("kim", "agent", "billing"),
    ("sue", "supervisor", "billing"), ("ada", "admin", None),
)


def ensure_chromium() -> None:
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    can_install = shutil.which("apt-get") is not None and os.geteuid() == 0
    require(can_install, "chromium and chromium-driver are missing and apt-get cannot install them here")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=False, env=env, capture_output=True, timeout=600)
    done = subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver", "fonts-noto-cjk"],
        env=env, capture_output=True, text=True, timeout=1200,
    )
    require(done.returncode == 0 and CHROMEDRIVER.exists(), f"apt-get could not install chromium: {done.stderr[-500:]}")


@dataclass(frozen=True)
class Site:
    base_url: str
    keys: dict[str, str]
    data_dir: Path
    process: Process


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """``callbrief serve`` on SQLite, tiny.en and the extractive summary (fast), with a user per role."""
    data_dir = tmp_path_factory.mktemp("ui-site")
    env = service_env(data_dir)
    keys = {}
    for name, role, team in PEOPLE:
        argv = callbrief("users", "add", name, "--role", role, *(["--team", team] if team else []))
        out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, cwd=ROOT)
        keys[name] = out.stdout.strip().splitlines()[-1]
    port = free_port()
    proc = Process(callbrief("serve", "--port", str(port)), env, data_dir / "serve.log")
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base_url}/health", timeout_s=120, proc=proc)
        yield Site(base_url, keys, data_dir, proc)
    finally:
        proc.stop(timeout_s=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_module("selenium")
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                 "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--lang=en-GB",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, to catch policy violations
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_window_size(1366, 768)
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
