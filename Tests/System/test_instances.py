"""Two `quizfunnel serve` processes on one PostgreSQL database, as behind a load balancer: leads through both, the same
address through both at once kept once, every webhook event delivered exactly once, the stats and the per-address
limit across both; and PostgreSQL restarted under load. The outbox leases are test_leases.py's."""
import collections
import json
import threading
import time
import urllib.error
import urllib.request

from conftest import ROOT, RunningService
from lead_stream import LeadStream
from postgres import OwnServer, fresh_database, psql
from webhook_receiver import SECRET, Receiver

DRIVER = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}


def single_opt_in_quizzes(folder):
    """The golf quiz, single opt-in, so that each lead is an event at once."""
    quizzes = folder / "Quizzes"
    quizzes.mkdir(exist_ok=True)
    golf = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
    golf["optIn"] = "single"
    (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
    return quizzes


def start_instance(folder, name, database, receiver, *extra):
    return RunningService(
        folder, quizzes=single_opt_in_quizzes(folder), database=database, log_name=f"{name}.log",
        extra_arguments=["--instance-id", name, "--rate-limit", "off", "--event-rate-limit", "off", "--email-rate-limit", "3/hour",
                         "--webhook", receiver.url, "--webhook-retry-base", "0.2", *extra],
        environment={"QUIZFUNNEL_WEBHOOK_SECRET": SECRET},
    )


def post(service, path, body):
    """(status, JSON body or None, headers)"""
    request = urllib.request.Request(f"{service.base_url}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, None, error.headers


def play(service):
    status, result, _ = post(service, "/api/quizzes/golf-club/results", {"answers": DRIVER})
    assert status == 201
    return result["resultId"]


def subscribe(service, email, result_id=None):
    status, _, headers = post(service, "/api/quizzes/golf-club/leads", {"resultId": result_id or play(service), "email": email, "consent": True})
    return status, headers


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def test_two_instances_share_leads_webhooks_stats_and_the_address_limit(tmp_path):
    receiver = Receiver(down=False)
    with fresh_database() as url:
        one = start_instance(tmp_path, "one", url, receiver)
        two = start_instance(tmp_path, "two", url, receiver)
        try:
            emails = [f"lead{index}@example.com" for index in range(10)]
            for index, email in enumerate(emails):
                assert subscribe((one, two)[index % 2], email)[0] == 201

            # The same address through both instances at the same moment: one lead, its second opt-in an update.
            both = [f"both{index}@example.com" for index in range(8)]
            for email in both:
                results = [play(one), play(two)]
                start = threading.Barrier(2)
                statuses = []

                def send(service, result_id, email=email):
                    start.wait()
                    statuses.append(subscribe(service, email, result_id)[0])

                threads = [threading.Thread(target=send, args=(service, result_id)) for service, result_id in zip((one, two), results)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                assert statuses == [201, 201]

            exported = collections.Counter(line.split(",")[0] for line in one.export_csv("?status=all").splitlines()[1:])
            assert exported == collections.Counter(emails + both), "one lead per address, whichever instance took it"

            # Every event exactly once: 18 lead.created, and a lead.updated for each second opt-in.
            assert wait_for(lambda: len(receiver.accepted) >= 26)
            time.sleep(2)  # a second delivery of any event would arrive by now
            ids = [message_id for message_id, _ in receiver.accepted]
            assert len(ids) == 26 and len(set(ids)) == 26, collections.Counter(ids).most_common(3)
            events = [json.loads(body) for _, body in receiver.accepted]
            assert sorted(event["lead"]["email"] for event in events if event["type"] == "lead.created") == sorted(emails + both)
            assert sorted(event["lead"]["email"] for event in events if event["type"] == "lead.updated") == sorted(both)
            assert receiver.rejected_signatures == []

            # Each instance flushes its own counts; the stats are exact across both, read from either.
            def funnel():
                return two.admin("/api/admin/quizzes/golf-club/stats")["funnel"]
            assert wait_for(lambda: funnel()["leads"] == 18, seconds=10), funnel()
            assert funnel()["completions"] == 10 + 2 * 8

            # The per-address limit (3/hour here) counts submissions through both.
            assert [subscribe(service, "limited@example.com")[0] for service in (one, two, one)] == [201, 201, 201]
            status, headers = subscribe(two, "limited@example.com")
            assert status == 429
            assert int(headers["Retry-After"]) > 0
        finally:
            one.stop()
            two.stop()
            receiver.stop()


def test_a_postgresql_restart_under_load_loses_no_acknowledged_lead(tmp_path):
    server = OwnServer()
    service = None
    try:
        service = RunningService(tmp_path, database=server.url,
                                 extra_arguments=["--rate-limit", "off", "--event-rate-limit", "off", "--email-rate-limit", "off"])
        stream = LeadStream(service.port, 0, clients=8)
        stream.start()
        time.sleep(2)
        before = len(stream.acknowledged)
        server.stop()  # immediate: the server crashes with transactions in flight
        time.sleep(8)
        during = len(stream.acknowledged)
        server.start()
        assert wait_for(lambda: len(stream.acknowledged) > during + 50, seconds=60), "the service recovered without a restart"
        stream.join()

        assert before > 0
        assert stream.statuses[503] > 0 and stream.retry_after == {"5"}, "while the server was down: 503 with Retry-After"
        assert set(stream.statuses) <= {201, 503}, stream.statuses
        stored = {row[0] for row in psql(server.url, "SELECT email FROM lead")}
        lost = stream.acknowledged - stored
        assert not lost, f"{len(lost)} acknowledged leads lost, e.g. {sorted(lost)[:5]}"
        print(f"{len(stream.acknowledged)} leads acknowledged across a PostgreSQL restart, 0 lost; {stream.statuses[503]} answers 503")
    finally:
        if service:
            service.stop()
        server.remove()
