"""Shared by the notifications tests: a template to send, a real SMTP server, threads on own connections."""

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from django.db import connection

from cms.notifications import templates

templates.register(
    templates.Template(
        key="test-hello",
        subject="测试 {reference}",
        text="您好，{reference} 有新进展。",
        url="/admin/test/{case_id}/",
        sms_params=("reference",),
    )
)


class Mailbox:
    """An aiosmtpd handler keeping what it receives; refuses recipients listed in ``refuse``."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd hook)
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def in_threads(work: Callable[[int], None], count: int) -> list[Exception]:
    """Runs ``work(n)`` in ``count`` threads started together, each on its own autocommitting connection;
    returns the errors raised."""
    barrier = threading.Barrier(count)
    errors: list[Exception] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
