"""Double opt-in with a real SMTP server (aiosmtpd, AUTH over STARTTLS or implicit TLS, a certificate made per run): the
mails a player gets, in their language, and none lost or doubled while the server is down or the service is killed."""
import json
import time
import re
import subprocess
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as visible

from conftest import ROOT, RunningService, quizfunnel_binary
from player import DRIVER, play, submit_and_wait_for_next_page, subscribe_with_keyboard, wait
from smtp_server import PASSWORD, SMTPServer, body, make_certificate

ANSWERS = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}


@pytest.fixture
def smtp(tmp_path):
    server = SMTPServer(tmp_path / "smtp")
    try:
        yield server
    finally:
        server.stop()


def start(folder, smtp, *arguments, ca_file=None):
    return RunningService(
        folder,
        extra_arguments=["--smtp", smtp.url, "--smtp-ca-file", ca_file or smtp.certificate, "--mail-retry-base", "1",
                         "--email-rate-limit", "off", *arguments],
        environment={"QUIZFUNNEL_SMTP_PASSWORD": PASSWORD},
    )


def post(url, body, content_type="application/json"):
    data = json.dumps(body).encode() if content_type == "application/json" else body.encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def submit(service, email, lang="en"):
    _, result = post(f"{service.base_url}/api/quizzes/golf-club/results", {"answers": ANSWERS, "lang": lang})
    status, answer = post(f"{service.base_url}/api/quizzes/golf-club/leads", {"resultId": json.loads(result)["resultId"], "email": email, "consent": True})
    assert (status, json.loads(answer)) == (201, {"status": "pending"})


def to(address):
    return lambda message: message["To"].addresses[0].addr_spec == address


def lead_status(service, email):
    return service.admin(f"/api/admin/leads/{urllib.parse.quote(email)}")["leads"][0]["lead"]["status"]


def test_a_polish_player_confirms_from_the_mail_and_gets_the_driver_offer(tmp_path, smtp, browser):
    service = start(tmp_path, smtp)
    try:
        play(browser, service, "pl", DRIVER)
        subscribe_with_keyboard(browser, "jan.kowalski@example.pl")
        assert "potwierdź w nim swój adres" in browser.find_element(By.ID, "thanks-text").text
        browser.save_screenshot(str(tmp_path / "thanks.png"))

        [confirmation] = smtp.wait_for(to("jan.kowalski@example.pl"))
        assert confirmation["Subject"] == "Potwierdź swój adres: Jakim kijem golfowym jesteś?"
        assert confirmation["From"] == "Fairway Golf <hello@fairway.example>"
        assert confirmation["Auto-Submitted"] == "auto-generated"
        assert confirmation["Content-Language"] == "pl"
        assert re.fullmatch(r"<[A-Za-z0-9_-]{22}@fairway\.example>", confirmation["Message-ID"])
        link = re.search(r"http://\S+/c/[A-Za-z0-9_-]{43}", body(confirmation)).group(0)
        assert "Fairway X1" not in body(confirmation) + body(confirmation, "html"), "the confirmation carries no offer"

        # A link scanner fetches the link: nothing changes.
        with urllib.request.urlopen(link, timeout=5) as page:
            assert "nie jest jeszcze potwierdzony" in page.read().decode()
        assert lead_status(service, "jan.kowalski@example.pl") == "pending"

        browser.get(link)
        browser.save_screenshot(str(tmp_path / "confirm.png"))
        button = wait(browser).until(visible.element_to_be_clickable((By.CSS_SELECTOR, "button[value=confirm]")))
        assert "Twój adres jest potwierdzony" in submit_and_wait_for_next_page(browser, button).text
        assert lead_status(service, "jan.kowalski@example.pl") == "subscribed"

        [result] = smtp.wait_for(lambda message: to("jan.kowalski@example.pl")(message) and "drivery" in message["Subject"])
        assert result["Subject"] == "Driver: najnowsze drivery i zaproszenie"
        assert "Fairway X1" in body(result) and "https://fairway.example/drivers" in body(result, "html")
        assert result["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert result["List-Id"] == "<golf-club.fairway.example>"
        unsubscribe = result["List-Unsubscribe"].strip("<>")
        assert unsubscribe in body(result)

        # The mail client's one-click unsubscribe (RFC 8058).
        status, _ = post(unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
        assert status == 200
        assert lead_status(service, "jan.kowalski@example.pl") == "unsubscribed"
        log = service.admin("/api/admin/mail")
        assert [(entry["kind"], entry["state"]) for entry in log] == [("result", "sent"), ("confirmation", "sent")]
        assert all(entry["lastReply"].startswith("250") and "jan" not in json.dumps(entry) for entry in log)
    finally:
        service.stop()


def test_implicit_tls_on_port_465_style(tmp_path):
    smtp = SMTPServer(tmp_path / "smtp", implicit_tls=True)
    service = start(tmp_path, smtp)
    try:
        submit(service, "tls@example.com")
        assert len(smtp.wait_for(to("tls@example.com"))) == 1
    finally:
        service.stop()
        smtp.stop()


def test_a_server_down_for_ten_seconds_gets_every_mail_exactly_once(tmp_path, smtp):
    service = start(tmp_path, smtp)
    try:
        smtp.stop()
        addresses = [f"down{index}@example.com" for index in range(5)]
        for address in addresses:
            submit(service, address)

        time.sleep(10)
        assert {entry["state"] for entry in service.admin("/api/admin/mail")} == {"queued"}
        smtp.start()

        delivered = smtp.wait_for(lambda message: message["To"].addresses[0].addr_spec in addresses, count=5, seconds=60)
        time.sleep(3)  # anything sent twice would arrive by now
        delivered = smtp.messages()
        assert sorted(message["To"].addresses[0].addr_spec for message in delivered) == sorted(addresses)
        assert len({message["Message-ID"] for message in delivered}) == 5
    finally:
        service.stop()


def test_mails_queued_when_the_service_is_killed_are_sent_after_the_restart(tmp_path, smtp):
    smtp.stop()
    service = start(tmp_path, smtp)
    addresses = [f"killed{index}@example.com" for index in range(4)]
    try:
        for address in addresses:
            submit(service, address)
    finally:
        service.crash()
    smtp.start()
    service = start(tmp_path, smtp)
    try:
        delivered = smtp.wait_for(lambda message: True, count=4, seconds=60)
        assert sorted(message["To"].addresses[0].addr_spec for message in delivered) == sorted(addresses)
    finally:
        service.stop()


def test_a_wrong_ca_sends_nothing_and_says_why(tmp_path, smtp):
    other_ca, _ = make_certificate(tmp_path / "other", name="other")
    service = start(tmp_path, smtp, ca_file=other_ca)
    try:
        submit(service, "careful@example.com")

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not service.admin("/api/admin/mail")[0].get("lastReply"):
            time.sleep(0.2)
        [entry] = service.admin("/api/admin/mail")
        assert entry["state"] == "queued" and "TLS failed" in entry["lastReply"]
        assert smtp.messages() == []
    finally:
        service.stop()


def test_the_same_address_twenty_times_gets_at_most_three_confirmations(tmp_path, smtp):
    service = start(tmp_path, smtp)
    try:
        for _ in range(20):
            submit(service, "Same@Example.com")

        time.sleep(3)
        assert 1 <= len(smtp.wait_for(to("Same@Example.com"))) <= 3
    finally:
        service.stop()


def test_mail_test_prints_the_dialogue_without_the_password(tmp_path, smtp):
    command = [quizfunnel_binary(), "mail", "test", "--smtp", smtp.url, "--smtp-ca-file", smtp.certificate, "--to", "ops@example.com", "--timeout", "10"]
    sent = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={"QUIZFUNNEL_SMTP_PASSWORD": PASSWORD, "PATH": "/usr/bin:/bin"})
    assert sent.returncode == 0, sent.stderr
    assert "C: STARTTLS" in sent.stdout and "C: AUTH PLAIN <redacted>" in sent.stdout and "Sent: 250" in sent.stdout
    assert PASSWORD not in sent.stdout + sent.stderr
    assert len(smtp.wait_for(to("ops@example.com"))) == 1

    for environment, extra, expected in [
        ({"QUIZFUNNEL_SMTP_PASSWORD": "wrong"}, [], "password was refused"),
        ({"QUIZFUNNEL_SMTP_PASSWORD": PASSWORD}, ["--smtp", "smtp://shop@mail.invalid:587"], "cannot connect to mail.invalid:587"),
        ({"QUIZFUNNEL_SMTP_PASSWORD": PASSWORD}, ["--smtp-ca-file", make_certificate(tmp_path / "x", "x")[0]], "TLS failed"),
    ]:
        failed = subprocess.run(command + extra, cwd=ROOT, capture_output=True, text=True, env={**environment, "PATH": "/usr/bin:/bin"})
        assert failed.returncode != 0
        [line] = failed.stderr.strip().splitlines()
        assert line.startswith("Not sent: ") and expected in line, line


def test_mail_test_refuses_a_server_without_starttls(tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink
    from conftest import free_port
    port = free_port()
    plain = Controller(Sink(), hostname="127.0.0.1", port=port)
    plain.start()
    try:
        failed = subprocess.run([quizfunnel_binary(), "mail", "test", "--smtp", f"smtp://shop@127.0.0.1:{port}", "--to", "ops@example.com"],
                                cwd=ROOT, capture_output=True, text=True, env={"QUIZFUNNEL_SMTP_PASSWORD": PASSWORD, "PATH": "/usr/bin:/bin"})
        assert failed.returncode != 0
        assert "does not offer STARTTLS" in failed.stderr
        assert "AUTH" not in failed.stdout
    finally:
        plain.stop()
