"""The LSP test helpers: a server that hangs must fail its test, not the suite."""
from __future__ import annotations

import asyncio
import sys

import pytest
from lsprotocol import types

from tests.lsp import helpers


@pytest.mark.parametrize("stop", [False, True])  # pytest-lsp's fixture client; a test's own (fresh_server)
@pytest.mark.asyncio(loop_scope="function")
async def test_a_server_that_never_answers_shutdown_fails_the_test_and_is_killed(monkeypatch, stop):
    monkeypatch.setattr(helpers, "EXIT_WITHIN", 1)
    client = helpers.make_client()
    # a "server" that reads nothing and answers nothing
    await client.start_io(sys.executable, "-c", "import time; time.sleep(120)")
    client.capabilities = types.ServerCapabilities()  # (as after initialize: pytest-lsp then sends shutdown)
    with pytest.raises(AssertionError, match="did not shut down and exit within 1 s"):
        await helpers.shut_down(client, stop=stop)
    await asyncio.wait_for(client._server.wait(), 10)
    assert client._server.returncode is not None  # killed, not left running
