"""The real server against a shared PostgreSQL index (a real server, tests/pgserver.py): no
local corpus, the index's workers add an article, and the open draft is checked again
without a restart; go-to-definition opens the corpus article from the index."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.helpers import EXAMPLE_CORPUS, SERVER, diagnostics_for, initialize, make_client, open_doc, wait_for, shut_down

pytestmark = pytest.mark.asyncio(loop_scope="module")

DRAFT = ("# Night of drones\n\n"
         "😀 基辅 KYIV — Russia launched a record 154 drones at Ukraine overnight, President Volodymyr Zelensky said.\n")
# the articles that say 145 drones: added by a worker while the draft is open
LATE = ("001_164d3b0ba2f7e04d.txt", "004_8570cabb535c07b7.txt")


@pytest.fixture(scope="module")
def shared(pg_server, tmp_path_factory):
    """A shared index holding the example corpus but two articles, built by a worker."""
    archive = tmp_path_factory.mktemp("archive")
    for p in EXAMPLE_CORPUS.iterdir():
        if p.name not in LATE:
            shutil.copy(p, archive / p.name)
    url = pg_server.createdb("t_lsp_shared")
    _work(url, archive)
    return url, archive


def _work(url: str, archive: Path) -> None:
    from factlint import nlp as nlp_module
    from factlint.config import Config
    from factlint.engine import Engine

    engine = Engine(Config(corpus=(archive,), index=url), nlp=nlp_module.load(
        ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")))
    assert engine.ensure_index(write=True) is not None, engine.index_error
    engine.open_index().close()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, shared):
    folder = tmp_path_factory.mktemp("ws")
    (folder / "factlint.toml").write_text(f'index = "{shared[0]}"\n', encoding="utf-8")  # no corpus folder
    return folder


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client), scope="module")
async def client(lsp_client: LanguageClient, workspace):
    await initialize(lsp_client, workspace, "visual-studio-code")
    yield
    await shut_down(lsp_client)


async def test_a_new_article_in_the_shared_index_rechecks_the_open_draft(client, workspace, shared):
    url, archive = shared
    uri = from_fs_path(str(workspace / "draft.md"))
    open_doc(client, uri, DRAFT)
    await wait_for(lambda: client.statuses and client.statuses[-1].state == "ready", what="ready")
    assert "3 corpus articles" in client.statuses[-1].message and "shared" in client.statuses[-1].message
    diags = await diagnostics_for(client, uri, 1)
    assert not [d for d in diags if "145" in d.message]  # the articles that say 145 are not there yet
    published = len(client.published)
    for name in LATE:
        shutil.copy(EXAMPLE_CORPUS / name, archive / name)
    _work(url, archive)  # another machine's worker, as far as the server knows
    fresh = await wait_for(lambda: next((p for p in client.published[published:] if p.uri == uri and any(
        "145" in d.message for d in p.diagnostics)), None), 30, "a re-check after the index changed")
    (fig,) = [d for d in fresh.diagnostics if d.code == "figure/conflict"]
    assert "145" in fig.message and fresh.version == 1
    await wait_for(lambda: "5 corpus articles" in client.statuses[-1].message, 10, "the status to count 5")

    # go to the corpus article: a file that is not on this machine opens from the index
    for name in LATE:
        (archive / name).unlink()
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=fig.range.start))
    loc = result[0]
    assert loc.uri.startswith("factlint-corpus:")
    (name,) = [n for n in LATE if n in loc.uri]
    got = await client.protocol.send_request_async("factlint/articleText", {"uri": loc.uri})
    text = got["text"] if isinstance(got, dict) else got.text
    assert text == (EXAMPLE_CORPUS / name).read_text(encoding="utf-8")
    line = text.split("\n")[loc.range.start.line]
    assert "145" in line
