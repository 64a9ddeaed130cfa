"""What the server does when it can no longer write to the editor (in process: no editor)."""
from __future__ import annotations

import logging

from lsprotocol import types


class ClosedPipe:
    """A writer whose stream the editor has closed, counting the attempts."""

    def __init__(self) -> None:
        self.attempts = 0

    def write(self, data: bytes) -> None:
        self.attempts += 1
        raise ValueError("I/O operation on closed file")

    def close(self) -> None:
        pass


def test_a_message_that_cannot_be_sent_is_not_reported_with_another_message(caplog):
    # pygls answers a failed send by sending a message about it, which fails in turn: after
    # `exit` closes stdout, one late notification became hundreds of nested tracebacks on stderr
    # (18 MB in one CI run) until stderr's pipe filled and the server hung
    from factlint.lsp.server import FactlintServer

    server = FactlintServer()
    pipe = ClosedPipe()
    server.protocol.set_writer(pipe)
    with caplog.at_level(logging.DEBUG):
        server.window_log_message(types.LogMessageParams(type=types.MessageType.Info, message="late"))
    assert pipe.attempts == 1
    assert sum(len(r.getMessage()) + len(r.exc_text or "") for r in caplog.records) < 10_000
