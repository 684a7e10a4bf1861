"""Mail delivery: the outbox through a local aiosmtpd over STARTTLS with AUTH, beside Python's smtplib sending the same
messages over one connection to the same kind of server, in the same run."""
import pathlib
import smtplib
import sqlite3
import ssl
import sys
import time

from .service import NO_LIMITS, ROOT, Service

sys.path.insert(0, str(ROOT / "Tests" / "System"))
from smtp_server import PASSWORD, USER, SMTPServer  # noqa: E402

ANSWERS = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}


def measure(binary, folder, mails):
    """Seconds for quizfunnel to deliver `mails` queued confirmation mails, and for smtplib to send the same messages."""
    folder = pathlib.Path(folder) / "mail"
    database = folder / "quizfunnel.sqlite"
    folder.mkdir(parents=True, exist_ok=True)
    # 1. The mails are made by real lead submissions with no server configured, so they are held…
    with Service(binary, folder, database=database) as service:
        result = service.post_json("/api/quizzes/golf-club/results", {"answers": ANSWERS})["resultId"]
        for index in range(mails):
            service.post_json("/api/quizzes/golf-club/leads", {"resultId": result, "email": f"mail{index}@bench.example", "consent": True})
    # 2. …then released to the outbox, so that the clock measures sending alone.
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE mail SET state = 'queued'")
    server = SMTPServer(folder / "quizfunnel-smtp")
    try:
        arguments = (*NO_LIMITS, "--smtp", server.url, "--smtp-ca-file", server.certificate, "--mail-rate-limit", "off")
        with Service(binary, folder, database=database, arguments=arguments, environment={"QUIZFUNNEL_SMTP_PASSWORD": PASSWORD}) as service:
            started = time.perf_counter()
            deadline = started + 600
            while server.count() < mails and time.perf_counter() < deadline:
                time.sleep(0.01)
            quizfunnel_seconds = time.perf_counter() - started
        messages = [as_sent(raw) for raw in server.raw_messages()]
    finally:
        server.stop()
    smtplib_seconds = send_with_smtplib(folder / "smtplib-smtp", messages)
    return {
        "mails": mails,
        "delivered": len(messages),
        "quizfunnel_seconds": quizfunnel_seconds,
        "quizfunnel_per_second": len(messages) / quizfunnel_seconds,
        "smtplib_seconds": smtplib_seconds,
        "smtplib_per_second": len(messages) / smtplib_seconds,
    }


def as_sent(raw):
    """A Maildir file back as the message quizfunnel sent: CRLF line ends, without the X- headers aiosmtpd adds."""
    head, _, body = raw.partition(b"\n\n")
    head = b"\n".join(line for line in head.split(b"\n") if not line.startswith((b"X-Peer:", b"X-MailFrom:", b"X-RcptTo:")))
    return (head + b"\n\n" + body).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def send_with_smtplib(folder, messages):
    """Python's smtplib: one connection, STARTTLS, AUTH, then every message; the seconds until the last is accepted."""
    server = SMTPServer(folder)
    try:
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as client:
            client.starttls(context=ssl.create_default_context(cafile=server.certificate))
            client.login(USER, PASSWORD)
            for index, message in enumerate(messages):
                client.sendmail("hello@fairway.example", [f"mail{index}@bench.example"], message)
        return time.perf_counter() - started
    finally:
        server.stop()
