"""Outbox leases that follow the worker, at the default lease of 30 s: two instances on one PostgreSQL database; one is
SIGKILLed while it holds claims, and the other delivers them within 45 s, each once; a pass held up 40 s by a slow mail
server keeps renewing its claims, so the other instance never sends the same mail."""
import collections
import json
import time

from conftest import ROOT, RunningService
from postgres import fresh_database, psql
from smtp_server import PASSWORD, SMTPServer
from test_instances import start_instance, subscribe, wait_for
from webhook_receiver import Receiver


def test_a_killed_instances_claims_pass_to_the_other_within_the_lease(tmp_path):
    receiver = Receiver(down=False)
    receiver.hanging = True  # a slow CRM: the first instance is mid-delivery when it dies
    with fresh_database() as url:
        one = start_instance(tmp_path, "one", url, receiver)
        two = None
        try:
            emails = [f"taken{index}@example.com" for index in range(6)]
            for email in emails:
                assert subscribe(one, email)[0] == 201
            assert wait_for(lambda: receiver.held, seconds=20), "the first instance began a delivery"
            two = start_instance(tmp_path, "two", url, receiver)
            time.sleep(1)

            one.crash()  # SIGKILL with deliveries claimed
            killed_at = time.time()
            claims = psql(url, """SELECT id, extract(epoch FROM "leaseUntil") FROM "webhookEvent" WHERE "leaseOwner" = 'one' AND "leaseUntil" > now()""")
            assert claims, "the dead instance held claims"
            assert all(float(until) - killed_at <= 31 for _, until in claims), "claims of at most the 30 s lease"
            receiver.hanging = False

            assert wait_for(lambda: len({message_id for message_id, _ in receiver.accepted}) >= 6, seconds=60)
            taken_over_in = time.time() - killed_at
            time.sleep(2)  # a second delivery of any event would arrive by now
            ids = [message_id for message_id, _ in receiver.accepted]
            assert len(ids) == 6 and len(set(ids)) == 6, f"each event once: {collections.Counter(ids).most_common(2)}"
            assert sorted(json.loads(body)["lead"]["email"] for _, body in receiver.accepted) == sorted(emails)
            assert taken_over_in <= 45, f"the dead instance's claims were delivered {taken_over_in:.1f} s after it died"
            lease_ends = max(float(until) for _, until in claims)
            assert time.time() >= lease_ends, "the claimed events waited for the dead instance's lease"
            print(f"a dead instance's {len(claims)} claimed events delivered by the other {taken_over_in:.1f} s after the kill")
        finally:
            if two:
                two.stop()
            receiver.stop()


def test_a_pass_held_up_by_a_slow_mail_server_is_not_taken_over(tmp_path):
    smtp = SMTPServer(tmp_path / "smtp")
    smtp.answer_slowly(1, seconds=40)  # the first mail's DATA is answered 40 s later, past the 30 s lease
    with fresh_database() as url:
        arguments = ["--smtp", smtp.url, "--smtp-ca-file", smtp.certificate, "--email-rate-limit", "off", "--rate-limit", "off"]
        environment = {"QUIZFUNNEL_SMTP_PASSWORD": PASSWORD}
        one = RunningService(tmp_path, quizzes=ROOT / "Quizzes", database=url, log_name="one.log",
                             extra_arguments=["--instance-id", "one", *arguments], environment=environment)
        two = RunningService(tmp_path, quizzes=ROOT / "Quizzes", database=url, log_name="two.log",
                             extra_arguments=["--instance-id", "two", *arguments], environment=environment)
        try:
            emails = [f"slow{index}@example.com" for index in range(3)]
            for index, email in enumerate(emails):
                assert subscribe((one, two)[index % 2], email)[0] == 201

            subscribed_at = time.monotonic()
            delivered = smtp.wait_for(lambda message: True, count=3, seconds=90)
            # The slow reply comes 40 s after its mail was sent; a copy sent by the other instance once the lease had run out
            # (30 s) would have come before it, and the slow one itself after it.
            time.sleep(max(0, subscribed_at + 47 - time.monotonic()))
            recipients = collections.Counter(message["To"].addresses[0].addr_spec for message in smtp.messages())
            assert len(delivered) >= 3 and recipients == collections.Counter(emails), f"each mail exactly once: {recipients}"
            log = (tmp_path / "one.log").read_text() + (tmp_path / "two.log").read_text()
            assert "Outbox claims lost" not in log
        finally:
            one.stop()
            two.stop()
            smtp.stop()
