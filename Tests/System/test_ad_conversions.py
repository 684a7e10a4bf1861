"""Conversions sent from the server to ad platforms, end to end: a player lands from a Facebook ad (its fbclid in the
URL), plays in Chromium and confirms the address; the platforms were down and come back; each gets the lead once, in
the documented shape, checked field by field with hashlib here. A quiz whose consent does not cover ad measurement
sends nothing, and counts what it withheld."""
import hashlib
import json
import pathlib
import re
import shutil
import tempfile
import time
import urllib.request

import pytest

from ad_platform_receiver import AdPlatformReceiver
from conftest import ROOT, RunningService
from player import DRIVER, confirm_from_held_mail, play_loaded_page, subscribe_with_keyboard

FBCLID = "IwAR2sys_test-Click.9"


@pytest.fixture
def platforms():
    receiver = AdPlatformReceiver(down=True)
    try:
        yield receiver
    finally:
        receiver.stop()


def serve(folder, receiver, ad_measurement):
    quizzes = pathlib.Path(folder) / "Quizzes"
    quizzes.mkdir()
    quiz = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
    quiz["consent"]["adMeasurement"] = ad_measurement
    (quizzes / "golf-club.json").write_text(json.dumps(quiz))
    return RunningService(folder, quizzes=quizzes, extra_arguments=[
        "--meta-pixel-id", "4242", "--meta-api-url", f"{receiver.url}/v21.0", "--meta-test-event-code", "TEST77",
        "--ga4-measurement-id", "G-SYSTEM", "--ga4-api-url", receiver.url, "--ad-client-details", "--webhook-retry-base", "0.2",
    ], environment={"QUIZFUNNEL_META_ACCESS_TOKEN": "meta-secret", "QUIZFUNNEL_GA4_API_SECRET": "ga4-secret"})


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_a_confirmed_player_from_an_ad_reaches_both_platforms_once_after_they_come_back(browser, platforms):
    with tempfile.TemporaryDirectory(prefix="quizfunnel-ads-") as folder:
        service = serve(folder, platforms, ad_measurement=True)
        try:
            landed = time.time()
            browser.get(f"{service.base_url}/q/golf-club?lang=en&utm_source=facebook&utm_medium=paid&fbclid={FBCLID}")
            play_loaded_page(browser, DRIVER)
            subscribe_with_keyboard(browser, "ad.player@example.com")
            confirmed_from = time.time()
            confirm_from_held_mail(browser, service, "ad.player@example.com")
            confirmed_until = time.time()
            user_agent = browser.execute_script("return navigator.userAgent")

            wait_for(lambda: platforms.refused_while_down >= 2)
            platforms.down = False
            wait_for(lambda: len(platforms.accepted) >= 2)
            time.sleep(1.5)  # long enough for any duplicate to arrive
            assert len(platforms.accepted) == 2, "each platform gets the conversion once"

            lead_id = service.admin("/api/admin/leads?quiz=golf-club")[0]["id"]
            [(meta_query, meta)] = platforms.received("/v21.0/4242/events")
            assert meta_query == {"access_token": "meta-secret"}
            assert meta["test_event_code"] == "TEST77"
            [event] = meta["data"]
            assert event["event_name"] == "Lead" and event["action_source"] == "website"
            assert event["event_id"] == lead_id
            assert int(confirmed_from) <= event["event_time"] <= int(confirmed_until) + 1
            assert event["event_source_url"] == f"{service.base_url}/q/golf-club"
            assert event["user_data"]["em"] == [hashlib.sha256(b"ad.player@example.com").hexdigest()]
            assert event["user_data"]["client_user_agent"] == user_agent
            assert event["user_data"]["client_ip_address"] == "127.0.0.1"
            match = re.fullmatch(r"fb\.1\.(\d{13})\." + re.escape(FBCLID), event["user_data"]["fbc"])
            assert match and landed - 60 <= int(match.group(1)) / 1000 <= confirmed_from
            assert event["custom_data"] == {"quiz": "golf-club", "segment": "driver"}

            [(ga4_query, ga4)] = platforms.received("/mp/collect")
            assert ga4_query == {"measurement_id": "G-SYSTEM", "api_secret": "ga4-secret"}
            assert re.fullmatch(r"\d+\.\d{10}", ga4["client_id"])
            assert ga4["consent"] == {"ad_user_data": "GRANTED", "ad_personalization": "DENIED"}
            assert abs(ga4["timestamp_micros"] / 1e6 - event["event_time"]) < 1
            [ga4_event] = ga4["events"]
            assert ga4_event["name"] == "generate_lead"
            assert ga4_event["params"]["lead_id"] == lead_id and ga4_event["params"]["segment"] == "driver"

            deliveries = service.admin("/api/admin/webhooks/deliveries")
            assert {entry["endpoint"] for entry in deliveries if entry.get("statusCode") in (200, 204)} == {"ad:meta", "ad:ga4"}
            assert service.admin("/api/admin/leads/ad.player@example.com")["results"][0]["clickIds"] == {"fbclid": FBCLID}
        finally:
            service.stop()


def test_without_consent_to_ad_measurement_nothing_is_sent_and_the_withheld_are_counted(browser, platforms):
    platforms.down = False
    with tempfile.TemporaryDirectory(prefix="quizfunnel-ads-") as folder:
        service = serve(folder, platforms, ad_measurement=False)
        try:
            browser.get(f"{service.base_url}/q/golf-club?lang=en&fbclid={FBCLID}")
            play_loaded_page(browser, DRIVER)
            subscribe_with_keyboard(browser, "no.ads@example.com")
            confirm_from_held_mail(browser, service, "no.ads@example.com")
            time.sleep(1.5)
            assert platforms.accepted == [] and platforms.refused_while_down == 0
            with urllib.request.urlopen(f"{service.base_url}/metrics", timeout=5) as response:
                metrics = response.read().decode()
            assert 'quizfunnel_ad_conversions_withheld_total{quiz="golf-club"} 2' in metrics
        finally:
            service.stop()
