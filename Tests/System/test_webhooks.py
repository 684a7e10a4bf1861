"""Leads are pushed to a real HTTP receiver, signed the Standard Webhooks way, and none is lost while the receiver
is down or the service is killed and restarted: every lead arrives, exactly once after deduplication by webhook-id."""
import json
import time
import urllib.request

from conftest import ADMIN_TOKEN, RunningService
from webhook_receiver import SECRET, Receiver

DRIVER = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}


def post(base_url, path, body):
    request = urllib.request.Request(f"{base_url}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def subscribe(service, email, confirming=True):
    """Leaves `email` on a driver result and, as its owner would, confirms it: a CRM hears of an address only then."""
    result = post(service.base_url, "/api/quizzes/golf-club/results", {"answers": DRIVER})
    answer = post(service.base_url, "/api/quizzes/golf-club/leads", {"resultId": result["resultId"], "email": email, "consent": True})
    assert answer == {"status": "pending"}
    if confirming:
        service.confirm(email)


def start(folder, receiver):
    return RunningService(
        folder,
        extra_arguments=["--webhook", receiver.url, "--webhook-retry-base", "0.2"],
        environment={"QUIZFUNNEL_WEBHOOK_SECRET": SECRET},
    )


def test_every_lead_reaches_a_receiver_that_was_down_across_a_crash(tmp_path):
    receiver = Receiver()
    service = start(tmp_path, receiver)
    try:
        emails = [f"lead{index}@example.com" for index in range(12)]
        for email in emails[:6]:
            subscribe(service, email)
        time.sleep(1.5)  # the worker tries, and the receiver refuses
        service.crash()

        service = start(tmp_path, receiver)  # same database file
        for email in emails[6:]:
            subscribe(service, email)
        subscribe(service, "LEAD0@example.com", confirming=False)  # a second opt-in of a confirmed address: lead.updated
        time.sleep(1)
        receiver.down = False

        deadline = time.monotonic() + 60
        while len({message_id for message_id, _ in receiver.accepted}) < 13 and time.monotonic() < deadline:
            time.sleep(0.2)

        events = {message_id: json.loads(body) for message_id, body in receiver.accepted}
        assert receiver.refused_while_down > 0
        assert receiver.rejected_signatures == []
        assert len(events) == 13
        created = sorted(event["lead"]["email"] for event in events.values() if event["type"] == "lead.created")
        updated = [event["lead"]["email"] for event in events.values() if event["type"] == "lead.updated"]
        assert created == sorted(emails)
        assert updated == ["LEAD0@example.com"]
        assert all(event["id"] == message_id and event["quiz"] == "golf-club" and event["segment"] == "driver" for message_id, event in events.items())
        assert all(event["consent"]["version"] == "2026-11-23" for event in events.values())

        request = urllib.request.Request(f"{service.base_url}/api/admin/webhooks/deliveries?limit=1000", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        deliveries = json.loads(urllib.request.urlopen(request, timeout=5).read())
        assert {delivery["statusCode"] for delivery in deliveries} >= {503, 204}
    finally:
        service.stop()
        receiver.stop()
