"""The web pages in a real browser against a real ``callbrief serve``: an
agent uploads a call and works it, a supervisor searches and reads the
dashboard, an admin manages keys, a Korean user reads Korean.

The tests run in file order and share the site, the browser and the call
the first one uploads. Screenshots: tests/ui/screenshots/*.png.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.service_support import ROOT, stereo_call
from tests.ui.conftest import SCREENSHOTS, Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAMPLE = ROOT / "samples" / "billing_stereo_8k.wav"
shared: dict[str, str] = {}


def By() -> Any:  # noqa: N802 - Selenium's own name
    from selenium.webdriver.common.by import By as _By

    return _By


def wait_for(condition: Any, timeout_s: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # noqa: BLE001 - the page may be between states
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def shot(driver: Any, name: str, *, width: int = 1366, full: bool = False) -> Path:
    """A screenshot of the page at ``width``; ``full`` grows the window to the whole page."""
    height = 768 if width == 1366 else 1080
    if full:
        height = max(height, int(driver.execute_script("return document.documentElement.scrollHeight")) + 100)
    driver.set_window_size(width, height)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1366, 768)
    return path


def log_in(driver: Any, site: Site, name: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{site.base_url}/ui/login")
    field = driver.find_element(By().ID, "key")
    field.send_keys(site.keys[name])
    field.submit()
    wait_for(lambda: driver.current_url.rstrip("/").endswith("/ui"), what="the call list after logging in")


def session_client(driver: Any, site: Site) -> httpx.Client:
    """An HTTP client holding the browser's session cookie (to read status codes)."""
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    return httpx.Client(base_url=site.base_url, cookies=cookies, timeout=30)


def test_agent_uploads_and_watches_the_call_finish_live(site: Site, browser: Any) -> None:
    driver = browser
    driver.get(f"{site.base_url}/ui/login")
    shot(driver, "login")
    log_in(driver, site, "ann")
    assert "callbrief_session" in {c["name"] for c in driver.get_cookies()}
    assert site.keys["ann"] not in str(driver.get_cookies())  # the browser never holds the key
    driver.find_element(By().ID, "up-file").send_keys(str(SAMPLE))
    driver.find_element(By().ID, "up-channels").send_keys("agent left")
    driver.find_element(By().ID, "upload-button").click()
    wait_for(lambda: "/ui/calls/" in driver.current_url, what="the call page")
    shared["call_id"] = driver.current_url.rsplit("/", 1)[1]
    driver.execute_script("window.notReloaded = true;")
    status = driver.find_element(By().ID, "call-status")
    assert status.get_attribute("data-live") is not None
    progress_seen = set()

    def finished() -> bool:
        progress_seen.update(p.get_attribute("value") for p in driver.find_elements(By().CSS_SELECTOR, "#call-status progress"))
        return bool(driver.find_elements(By().ID, "summary-card"))

    wait_for(finished, timeout_s=400, what="the summary card to appear")
    assert driver.execute_script("return window.notReloaded === true"), "the page was reloaded"
    assert driver.find_element(By().CSS_SELECTOR, "#call-status [data-status]").text == "done"
    assert len(progress_seen) >= 1
    assert driver.find_element(By().CSS_SELECTOR, ".summary-text").text.strip()
    assert driver.find_elements(By().CSS_SELECTOR, "#transcript .turn")
    assert driver.find_elements(By().CSS_SELECTOR, "svg.timeline rect.turn-mark")
    shot(driver, "call", full=True)
    shot(driver, "call-1920", width=1920, full=True)
    driver.get(f"{site.base_url}/ui")
    assert driver.find_element(By().CSS_SELECTOR, f'tr[data-call-id="{shared["call_id"]}"] [data-status]').text == "done"
    shot(driver, "my-calls")


def test_my_calls_shows_the_summary_card_when_a_call_is_done(site: Site, browser: Any, tmp_path: Path) -> None:
    driver = browser
    short = stereo_call(tmp_path / "short.wav")
    driver.get(f"{site.base_url}/ui")
    driver.find_element(By().ID, "up-file").send_keys(str(short))
    driver.find_element(By().ID, "upload-button").click()
    wait_for(lambda: "/ui/calls/" in driver.current_url, what="the call page")
    call_id = driver.current_url.rsplit("/", 1)[1]
    driver.get(f"{site.base_url}/ui")
    row = driver.find_element(By().CSS_SELECTOR, f'tr[data-call-id="{call_id}"]')
    assert row.get_attribute("data-live") is not None and row.find_elements(By().TAG_NAME, "progress")
    driver.execute_script("window.notReloaded = true;")
    card = wait_for(lambda: driver.find_element(By().CSS_SELECTOR, f"#card-{call_id}:not([hidden]) .summary-card"),
                    timeout_s=300, what="the summary card in My calls")
    assert driver.execute_script("return window.notReloaded === true"), "the page was reloaded"
    assert row.find_element(By().CSS_SELECTOR, "[data-status]").text == "done" and not row.find_elements(By().TAG_NAME, "progress")
    assert "Resolution" in card.text
    shot(driver, "my-calls-card", full=True)


def test_a_citation_highlights_and_scrolls_to_its_turn(site: Site, browser: Any) -> None:
    driver = browser
    driver.get(f"{site.base_url}/ui/calls/{shared['call_id']}")
    cites = driver.find_elements(By().CSS_SELECTOR, "#summary-card button.cite")
    assert cites, "the summary cites no turn"
    cite = cites[-1]
    turn_id = cite.get_attribute("data-turn")
    driver.execute_script("window.scrollTo(0, 0)")
    cite.click()
    turn = driver.find_element(By().ID, f"turn-{turn_id}")
    wait_for(lambda: "cited" in turn.get_attribute("class"), what="the cited turn to be highlighted")
    assert len(driver.find_elements(By().CSS_SELECTOR, ".turn.cited")) == 1
    top, bottom, height = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];", turn
    )
    assert 0 <= top and bottom <= height, "the cited turn is not scrolled into view"
    shot(driver, "call-citation")


def test_clicking_a_turn_plays_the_audio_from_there(site: Site, browser: Any) -> None:
    driver = browser
    driver.get(f"{site.base_url}/ui/calls/{shared['call_id']}")
    turns = driver.find_elements(By().CSS_SELECTOR, "#transcript .turn")
    target = next(t for t in turns if float(t.get_attribute("data-start")) > 5.0)
    start = float(target.get_attribute("data-start"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    target.click()
    player = driver.find_element(By().ID, "player")
    first = wait_for(lambda: (t := driver.execute_script("return arguments[0].currentTime", player)) >= start - 0.05 and t,
                     what="the player to jump to the turn")
    later = wait_for(lambda: (t := driver.execute_script("return arguments[0].currentTime", player)) > first + 0.3 and t,
                     timeout_s=15, what="the player's time to move")
    assert start - 0.05 <= first and later > first
    wait_for(lambda: "current" in target.get_attribute("class"), what="the playing turn to be highlighted")
    driver.execute_script("arguments[0].pause()", player)


def test_copy_gives_the_plain_text_summary(site: Site, browser: Any) -> None:
    driver = browser
    driver.get(f"{site.base_url}/ui/calls/{shared['call_id']}")
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": site.base_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    driver.find_element(By().ID, "copy-summary").click()
    wait_for(lambda: driver.find_element(By().ID, "copy-status").text, what="the copy confirmation")
    copied = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERR ' + e));"
    )
    expected = session_client(driver, site).get(f"/ui/calls/{shared['call_id']}/summary.txt").text
    assert copied.replace("\r\n", "\n") == expected
    assert copied.startswith("Call ") and "\nSummary: " in copied and "\nResolution: " in copied and "<" not in copied


def test_correcting_the_resolution_adds_a_revision_and_the_rate_shows_it(site: Site, browser: Any) -> None:
    driver = browser
    driver.get(f"{site.base_url}/ui/calls/{shared['call_id']}")
    was = driver.find_element(By().CSS_SELECTOR, "#field-resolution .badge").text
    driver.find_element(By().CSS_SELECTOR, "#correct > summary").click()
    select = driver.find_element(By().ID, "c-status")
    new = "escalated" if was != "escalated" else "unresolved"
    select.find_element(By().CSS_SELECTOR, f'option[value="{new}"]').click()
    text = driver.find_element(By().ID, "c-res-text")
    text.clear()
    text.send_keys("Passed to the council tax team.")
    shot(driver, "call-review")
    driver.find_element(By().ID, "save-correction").click()
    wait_for(lambda: driver.find_elements(By().CSS_SELECTOR, '#revisions li[data-action="corrected"]'), what="the revision")
    revision = driver.find_element(By().CSS_SELECTOR, '#revisions li[data-action="corrected"]').text
    assert "resolution" in revision and "ann" in revision
    assert driver.find_element(By().CSS_SELECTOR, "#field-resolution .badge").text == new
    assert "Passed to the council tax team." in driver.find_element(By().ID, "field-resolution").text
    assert "revision 1" in driver.find_element(By().ID, "summary-card").text

    log_in(driver, site, "sue")
    driver.get(f"{site.base_url}/ui/reports")
    row = driver.find_element(By().CSS_SELECTOR, '#correction-table tr[data-field="resolution"]')
    assert row.text.endswith("1 / 1 100%")
    assert driver.find_element(By().ID, "tile-correction-rate").text == "100%"


def test_supervisor_filters_the_log_and_the_dashboard_draws_it(site: Site, browser: Any) -> None:
    driver = browser
    log_in(driver, site, "sue")
    driver.find_element(By().ID, "f-q").send_keys("council")
    driver.find_element(By().ID, "f-agent").send_keys("ann")
    driver.find_element(By().ID, "search-button").click()
    wait_for(lambda: "q=council" in driver.current_url, what="the filtered log")
    rows = driver.find_elements(By().CSS_SELECTOR, "#call-table tr[data-call-id]")
    assert [r.get_attribute("data-call-id") for r in rows] == [shared["call_id"]]
    marks = [m.text.lower() for m in driver.find_elements(By().CSS_SELECTOR, "#call-table mark")]
    assert marks and set(marks) == {"council"}
    csv_href = driver.find_element(By().ID, "csv-link").get_attribute("href")
    assert "q=council" in csv_href and "agent_id=ann" in csv_href
    exported = session_client(driver, site).get(csv_href)
    assert exported.status_code == 200 and shared["call_id"] in exported.text and exported.text.count("\n") == 2
    shot(driver, "call-log-search")
    driver.find_element(By().ID, "f-q").clear()
    driver.find_element(By().ID, "f-q").send_keys("zebra")
    driver.find_element(By().ID, "search-button").click()
    wait_for(lambda: "q=zebra" in driver.current_url, what="the second search")
    assert not driver.find_elements(By().CSS_SELECTOR, "#call-table tr[data-call-id]")

    driver.get(f"{site.base_url}/ui/reports")
    charts = driver.find_elements(By().CSS_SELECTOR, ".charts svg.chart")
    assert len(charts) >= 6
    day_bars = driver.find_elements(By().CSS_SELECTOR, ".charts figure:first-child svg rect.bar")
    assert len(day_bars) == 1 and float(day_bars[0].get_attribute("height")) > 10
    assert driver.find_elements(By().CSS_SELECTOR, "#correction-chart svg rect.bar")
    assert driver.find_element(By().ID, "tile-calls").text == "2"  # both of ann's calls, in sue's team
    shot(driver, "dashboard", full=True)
    shot(driver, "dashboard-1920", width=1920, full=True)


def test_an_agent_cannot_open_another_agents_call(site: Site, browser: Any) -> None:
    driver = browser
    log_in(driver, site, "bob")
    assert shared["call_id"] not in driver.page_source
    driver.get(f"{site.base_url}/ui/calls/{shared['call_id']}")
    assert driver.find_element(By().TAG_NAME, "h1").text == "Not found"
    assert not driver.find_elements(By().ID, "summary-card")
    client = session_client(driver, site)
    for suffix in ("", "/audio", "/body", "/summary.txt", "/events"):
        assert client.get(f"/ui/calls/{shared['call_id']}{suffix}").status_code == 404, suffix
    shot(driver, "not-found")


def test_a_korean_user_sees_korean_labels(site: Site, browser: Any) -> None:
    driver = browser
    log_in(driver, site, "kim")
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By().ID, "lang-select")).select_by_value("ko")
    wait_for(lambda: driver.find_element(By().TAG_NAME, "h1").text == "내 통화", what="Korean labels")
    assert driver.find_element(By().ID, "upload-title").text == "통화 올리기"
    assert driver.find_element(By().ID, "logout").text == "로그아웃"
    shot(driver, "my-calls-ko")
    driver.find_element(By().ID, "logout").click()
    wait_for(lambda: driver.current_url.endswith("/ui/login"), what="the login page")
    assert driver.find_element(By().TAG_NAME, "h1").text == "로그인"  # remembered on this browser
    log_in(driver, site, "kim")
    assert driver.find_element(By().TAG_NAME, "h1").text == "내 통화"  # and for the user


def test_keyboard_reaches_the_turns_and_plays_them(site: Site, browser: Any) -> None:
    driver = browser
    log_in(driver, site, "ann")
    driver.get(f"{site.base_url}/ui/calls/{shared['call_id']}")
    from selenium.webdriver.common.keys import Keys

    unlabelled = driver.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.name);"
    )
    assert unlabelled == []
    turn = driver.find_elements(By().CSS_SELECTOR, "#transcript .turn")[1]
    driver.execute_script("arguments[0].focus()", turn)
    turn.send_keys(Keys.ENTER)
    player = driver.find_element(By().ID, "player")
    start = float(turn.get_attribute("data-start"))
    wait_for(lambda: driver.execute_script("return arguments[0].currentTime", player) >= start - 0.05,
             what="Enter on a turn to play it")
    driver.execute_script("arguments[0].pause()", player)


def test_admin_adds_a_user_and_rotating_a_key_ends_its_sessions(site: Site, browser: Any) -> None:
    driver = browser
    log_in(driver, site, "bob")
    bob_cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    log_in(driver, site, "ada")
    driver.get(f"{site.base_url}/ui/admin")
    driver.find_element(By().ID, "u-name").send_keys("dee")
    driver.find_element(By().CSS_SELECTOR, "#u-role option[value='supervisor']").click()
    driver.find_element(By().ID, "u-team").send_keys("billing")
    driver.find_element(By().ID, "u-team").submit()
    key = wait_for(lambda: driver.find_element(By().ID, "new-key-value").get_attribute("value"), what="the new key")
    assert re.fullmatch(r"cb_[A-Za-z0-9_-]{43}", key)
    row = driver.find_element(By().CSS_SELECTOR, 'tr[data-user="bob"]')
    row.find_element(By().XPATH, ".//button[normalize-space()='Rotate key']").click()
    wait_for(lambda: driver.find_elements(By().ID, "new-key-value"), what="bob's new key")
    shot(driver, "admin", full=True)
    stale = httpx.get(f"{site.base_url}/ui", cookies=bob_cookies, follow_redirects=False)
    assert stale.status_code == 303 and stale.headers["location"] == "/ui/login"


def test_no_page_broke_the_content_security_policy(browser: Any) -> None:
    """Read last: the console of every page the tests above opened."""
    messages = [entry["message"] for entry in browser.get_log("browser")]
    assert not [m for m in messages if "Content Security Policy" in m or "Refused to" in m], messages
