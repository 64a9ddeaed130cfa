"""The real server as Neovim 0.11 talks to it: UTF-8 positions and pull diagnostics."""
from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.helpers import initialize, SERVER, make_client, make_workspace, open_doc, shut_down

pytestmark = pytest.mark.asyncio(loop_scope="module")

DRAFT = "Intro.\n\n😀 基辅 KYIV — Russia launched a record 154 drones at Ukraine overnight, Zelensky said.\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("ws"))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client), scope="module")
async def client(lsp_client: LanguageClient, workspace):
    await initialize(lsp_client, workspace, "neovim@v0.11.0")
    yield
    await shut_down(lsp_client)


async def test_utf8_positions_negotiated(client):
    assert client.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    assert client.init_result.capabilities.diagnostic_provider is not None


async def test_pull_diagnostics_with_utf8_columns_and_result_ids(client, workspace):
    uri = from_fs_path(str(workspace / "draft.md"))
    open_doc(client, uri, DRAFT)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    (fig,) = [d for d in report.items if d.code == "figure/conflict"]
    line = DRAFT.split("\n")[2]
    utf8 = len(line[: line.index("154")].encode("utf-8"))
    assert (fig.range.start.line, fig.range.start.character, fig.range.end.character) == (2, utf8, utf8 + 3)
    assert report.result_id and uri in report.result_id
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert again.kind == "unchanged" and again.result_id == report.result_id
    assert uri not in client.diagnostics  # a pulling client is not also pushed to
