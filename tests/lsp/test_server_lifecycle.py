"""The server exits when the editor that started it dies, and re-indexes a changed corpus."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.helpers import initialize, EXAMPLE_CORPUS, SERVER, diagnostics_for, make_client, open_doc, wait_for


def _message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def test_exits_when_the_editor_dies(tmp_path):
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)"])
    server = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    server.stdin.write(_message({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": editor.pid, "rootUri": None, "capabilities": {}}}))
    server.stdin.flush()
    editor.wait()
    deadline = time.monotonic() + 20
    while server.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        assert server.poll() is not None, "server outlived its editor"
    finally:
        if server.poll() is None:
            server.kill()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ws")
    shutil.copytree(EXAMPLE_CORPUS, folder / "corpus")
    for p in (folder / "corpus").iterdir():
        p.chmod(0o644)
    (folder / "factlint.toml").write_text('corpus = ["corpus"]\ncache-dir = ".cache"\n', encoding="utf-8")
    return folder


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client), scope="module")
async def client(lsp_client: LanguageClient, workspace):
    await initialize(lsp_client, workspace, "visual-studio-code")
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_corpus_change_is_reindexed_and_drafts_rechecked(client, workspace):
    await wait_for(lambda: client.registrations, what="a file watcher registration")
    uri = from_fs_path(str(workspace / "draft.md"))
    open_doc(client, uri, "Moscow region governor Andrei Vorobyov said the attack closed four airports.\n")
    diags = await diagnostics_for(client, uri, 1)
    assert [d.code for d in diags] == ["figure/conflict"] and "three" in diags[0].message
    article = workspace / "corpus" / "004_8570cabb535c07b7.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("closed three airports", "closed four airports"),
                       encoding="utf-8")
    published = len(client.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=from_fs_path(str(article)), type=types.FileChangeType.Changed)]))
    await wait_for(lambda: any(p.uri == uri and not p.diagnostics for p in client.published[published:]),
                   what="re-checked diagnostics after the corpus changed")
