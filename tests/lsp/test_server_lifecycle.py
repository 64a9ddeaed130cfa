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

from tests.lsp.helpers import initialize, EXAMPLE_CORPUS, SERVER, diagnostics_for, fresh_server, make_client, open_doc, partial, wait_for, shut_down


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
    await shut_down(lsp_client)


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


@pytest.mark.asyncio(loop_scope="function")
async def test_a_built_index_answers_first_and_is_refreshed_after(tmp_path):
    """First diagnostics do not wait for the corpus files to be looked at: an index this
    pipeline built answers the first check as it stands; then the server checks the files,
    finds the article changed while it was not running, and re-checks the draft."""
    folder = tmp_path / "ws"
    shutil.copytree(EXAMPLE_CORPUS, folder / "corpus")
    for p in (folder / "corpus").iterdir():
        p.chmod(0o644)
    (folder / "factlint.toml").write_text('corpus = ["corpus"]\ncache-dir = ".cache"\nrules = ["house"]\n',
                                          encoding="utf-8")
    (folder / "house").mkdir()
    broken = folder / "house" / "broken.yml"
    broken.write_text("type: existence\nmessage: [unclosed\n", encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "factlint", "index"], cwd=folder, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    article = folder / "corpus" / "004_8570cabb535c07b7.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("closed three airports", "closed four airports"),
                       encoding="utf-8")
    async with fresh_server(folder) as client:
        uri = from_fs_path(str(folder / "draft.md"))
        open_doc(client, uri, "Moscow region governor Andrei Vorobyov said the attack closed four airports.\n")
        first = await diagnostics_for(client, uri, 1)
        assert [d.code for d in first] == ["figure/conflict"] and "three" in first[0].message  # the index as built
        # the broken rule file is shown on the file at start, as when the index is built then
        broken_uri = from_fs_path(str(broken))
        await wait_for(lambda: any(p.uri == broken_uri and p.diagnostics for p in client.published),
                       what="the broken rule file's error on the file")
        await wait_for(lambda: any(p.uri == uri and p.version == 1 and not p.diagnostics for p in client.published),
                       what="the draft re-checked once the changed article was indexed")


@pytest.mark.asyncio(loop_scope="function")
async def test_checks_go_on_while_another_process_updates_the_index(tmp_path):
    """A `factlint index` in a terminal holds the index's writers' turn for minutes on a big
    corpus: the editor's refresh does not wait for it (its checks would queue behind), it reads
    the index as it stands and looks again after a later check, once the turn is free."""
    from factlint.corpus.index import writers_turn

    folder = tmp_path / "ws"
    shutil.copytree(EXAMPLE_CORPUS, folder / "corpus")
    for p in (folder / "corpus").iterdir():
        p.chmod(0o644)
    (folder / "factlint.toml").write_text('corpus = ["corpus"]\ncache-dir = ".cache"\n', encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "factlint", "index"], cwd=folder, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    (db,) = (folder / ".cache").glob("index-*.sqlite")
    article = folder / "corpus" / "004_8570cabb535c07b7.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("closed three airports", "closed four airports"),
                       encoding="utf-8")
    line = "Moscow region governor Andrei Vorobyov said the attack closed four airports.\n"
    async with fresh_server(folder) as client:
        uri = from_fs_path(str(folder / "draft.md"))
        with writers_turn(db):  # the other process's turn
            open_doc(client, uri, line)
            first = await diagnostics_for(client, uri, 1)
            assert [d.code for d in first] == ["figure/conflict"]  # the index as built
            for version in (2, 3):  # each check is followed by a refresh that finds the turn taken
                client.text_document_did_change(types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=line * version)]))
                answer = await diagnostics_for(client, uri, version, timeout=30)
                assert [d.code for d in answer if d.code.startswith("figure/")] == ["figure/conflict"] * version
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=4),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=line)]))
        await wait_for(lambda: any(p.uri == uri and p.version == 4 and not p.diagnostics for p in client.published),
                       what="the draft re-checked once the turn was free and the changed article indexed")


@pytest.mark.asyncio(loop_scope="module")
async def test_the_rules_that_read_text_answer_while_the_pipeline_loads(tmp_path):
    """Publish fast, then refine, at start: while spaCy loads, the server publishes what the
    text-only rules find (marked `partial`), then the full answer for the same version, which
    holds the same text-only diagnostics and the figure and quote findings besides."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "factlint.toml").write_text(f'corpus = ["{EXAMPLE_CORPUS.as_posix()}"]\ncache-dir = ".cache"\n',
                                          encoding="utf-8")
    async with fresh_server(folder) as client:
        uri = from_fs_path(str(folder / "draft.md"))
        open_doc(client, uri, "# Night of drones\n\n😀 基辅 Russia launched a record 154 drones at Ukraine overnight, "
                              "President Volodymyr Zelensky said. “It was the largest attack, he said.\n")
        full = await diagnostics_for(client, uri, 1)
        mine = [p for p in client.published if p.uri == uri]
        first = mine[0]
        assert first.version == 1 and first.diagnostics and partial(first), [d.code for d in first.diagnostics]
        assert {d.code for d in first.diagnostics} == {"artefact/unbalanced-quotes"}
        assert {d.code for d in full} >= {"artefact/unbalanced-quotes", "figure/conflict"}
        as_range = lambda ds: sorted((d.code, d.range.start.line, d.range.start.character, d.range.end.character,  # noqa: E731
                                      d.message) for d in ds if d.code.startswith("artefact/"))
        assert as_range(first.diagnostics) == as_range(full)
        assert mine.index(first) < len(mine) - 1 and not any(partial(p) for p in mine[1:])
