"""The server survives broken rule files, failing checks, and exits when told or orphaned."""
from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.helpers import initialize, SERVER, diagnostics_for, make_client, make_workspace, open_doc, wait_for, shut_down

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ws")
    rules = folder / "house" / "style"
    rules.mkdir(parents=True)
    (rules / "broken.yml").write_text("type: existence\nmessage: [unclosed\n", encoding="utf-8")
    # a catastrophic pattern: the rule is cut off by the time limit and reported as a failing check
    (rules / "slow.yml").write_text("type: existence\nmessage: slow\npatterns: ['(a|aa)+$']\n", encoding="utf-8")
    return make_workspace(folder, rules=folder / "house")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client), scope="module")
async def client(lsp_client: LanguageClient, workspace):
    await initialize(lsp_client, workspace, "visual-studio-code")
    yield
    await shut_down(lsp_client)


async def test_broken_rule_file_is_a_diagnostic_on_that_file(client, workspace):
    rule_uri = from_fs_path(str(workspace / "house" / "style" / "broken.yml"))
    diags = await wait_for(lambda: client.diagnostics.get(rule_uri), what="rule file diagnostics")
    assert diags[0].range.start.line == 2 and "invalid YAML" in diags[0].message
    await wait_for(lambda: any("rule file" in m.message for m in client.messages), what="a warning message")


async def test_a_failing_check_is_logged_and_the_others_still_report(client, workspace):
    uri = from_fs_path(str(workspace / "d.md"))
    open_doc(client, uri, "Drones hit Kiev. " + "a" * 900 + "b\n")  # one sentence piece (document.MAX_SENTENCE_CHARS)
    diags = await diagnostics_for(client, uri, 1)
    assert [d.code for d in diags] == ["style/kiev"]
    await wait_for(lambda: any("style/slow" in m.message and "failed" in m.message for m in client.log_messages),
                   what="a log message naming the failing check")
    # and the server still serves: an edit is checked
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="Drones hit Kyiv.\n")]))
    assert list(await diagnostics_for(client, uri, 2)) == []


async def test_a_broken_config_keeps_the_last_good_one_and_says_where(client, workspace):
    uri = from_fs_path(str(workspace / "cfg.md"))
    open_doc(client, uri, "Drones hit Kiev.\n")
    assert [d.code for d in await diagnostics_for(client, uri, 1)] == ["style/kiev"]
    config = workspace / "factlint.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good + "corpus = [\n", encoding="utf-8")  # broken TOML
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=from_fs_path(str(config)), type=types.FileChangeType.Changed)]))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="Drones hit Kiev again.\n")]))
    # still checked, with the last good settings (its house rule still on) ...
    assert [d.code for d in await diagnostics_for(client, uri, 2)] == ["style/kiev"]
    # ... and the config file shows where it is broken
    config_uri = from_fs_path(str(config))
    diags = await wait_for(lambda: client.diagnostics.get(config_uri), what="config file diagnostics")
    assert diags[0].code == "config-error" and "invalid TOML" in diags[0].message
    config.write_text(good, encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=from_fs_path(str(config)), type=types.FileChangeType.Changed)]))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="Drones hit Kiev.\n")]))
    await diagnostics_for(client, uri, 3)
    await wait_for(lambda: list(client.diagnostics.get(config_uri, [None])) == [], what="the config error cleared")


async def test_exits_cleanly_on_shutdown_and_exit(client):
    await shut_down(client)
    assert client._server.returncode == 0
    client.capabilities = None  # already shut down: the fixture's teardown skips it
