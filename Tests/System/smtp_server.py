"""A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1 with a certificate made for this run, AUTH required,
STARTTLS required (or implicit TLS), and every accepted mail in a Maildir the tests read back. `scripts/bench` uses it
too, so it imports nothing of the test suite."""
import asyncio
import email
import email.policy
import mailbox
import pathlib
import socket
import ssl
import subprocess
import time

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

USER = "shop"
PASSWORD = "s3cret-Passw0rd"


def make_certificate(folder, name="smtp"):
    """A self-signed certificate for 127.0.0.1 and localhost; returns (certificate file, key file)."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    certificate, key = folder / f"{name}-cert.pem", folder / f"{name}-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )
    return str(certificate), str(key)


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


class SlowMailbox(Mailbox):
    """The Maildir handler, answering the next `slow_replies` DATA commands only after `delay` seconds."""

    def __init__(self, maildir):
        super().__init__(maildir)
        self.slow_replies = 0
        self.delay = 0

    async def handle_DATA(self, server, session, envelope):
        if self.slow_replies > 0:
            self.slow_replies -= 1
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


class SMTPServer:
    """aiosmtpd in this process. `stop()` and `start()` take it down and bring it back on the same port;
    `answer_slowly(count, seconds)` makes the next `count` mails wait that long for the reply to their DATA."""

    def __init__(self, folder, implicit_tls=False):
        self.folder = pathlib.Path(folder)
        self.handler = None
        self.certificate, self.key = make_certificate(self.folder)
        self.maildir = self.folder / "Maildir"  # aiosmtpd makes it; a folder made beforehand fails every DATA
        self.port = free_port()
        self.implicit_tls = implicit_tls
        self.controller = None
        self.start()

    @property
    def url(self):
        return f"{'smtps' if self.implicit_tls else 'smtp'}://{USER}@127.0.0.1:{self.port}"

    def start(self):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.key)
        options = dict(hostname="127.0.0.1", port=self.port, auth_required=True, authenticator=authenticate)
        if self.implicit_tls:
            options.update(ssl_context=context, auth_require_tls=False)
        else:
            options.update(tls_context=context, require_starttls=True)
        self.handler = SlowMailbox(str(self.maildir))
        self.controller = Controller(self.handler, **options)
        self.controller.start()

    def answer_slowly(self, count, seconds):
        self.handler.delay = seconds
        self.handler.slow_replies = count

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def messages(self):
        """Every mail accepted so far, parsed."""
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(str(self.maildir))
        return [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys()]

    def raw_messages(self):
        """Every mail accepted so far, as the bytes the Maildir holds."""
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(str(self.maildir))
        return [box.get_bytes(key) for key in box.keys()]

    def count(self):
        """How many mails were accepted, without reading them (cheap enough to poll while measuring)."""
        return len(list((self.maildir / "new").glob("*"))) if (self.maildir / "new").exists() else 0

    def wait_for(self, predicate, count=1, seconds=30):
        """The accepted mails matching `predicate`, once there are at least `count` of them."""
        deadline = time.monotonic() + seconds
        while True:
            found = [message for message in self.messages() if predicate(message)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.2)


def body(message, subtype="plain"):
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part else ""
