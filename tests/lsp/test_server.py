"""The real server over stdio, as VS Code talks to it (push diagnostics, UTF-16)."""
from __future__ import annotations


import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.helpers import (ROOT, SERVER, apply_edits, diagnostics_for, initialize, make_client, make_workspace, moved,
                               open_doc, shut_down, wait_for)

pytestmark = pytest.mark.asyncio(loop_scope="module")

DRAFT = (
    "# Night of drones\n\n"
    "😀 基辅 KYIV — Russia launched a record 154 drones at Ukraine overnight, President Volodymyr Zelensky said.\n\n"
    "Moscow region governor Andrei Vorobyov said the attack temporarily closed three airports. Was done.\n"
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("ws"))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client), scope="module")
async def client(lsp_client: LanguageClient, workspace):
    await initialize(lsp_client, workspace, "visual-studio-code")
    yield
    await shut_down(lsp_client)


def find(diags, code):
    return [d for d in diags if d.code == code]


async def test_initialize_answers_with_utf16_and_progress(client):
    from factlint import __version__

    assert (client.init_result.server_info.name, client.init_result.server_info.version) == ("factlint", __version__)
    result_caps = client.init_result.capabilities
    assert result_caps.position_encoding in (None, types.PositionEncodingKind.Utf16)
    assert result_caps.code_action_provider and result_caps.hover_provider and result_caps.definition_provider
    await wait_for(lambda: any(any(isinstance(v, types.WorkDoneProgressEnd) for v in vals)
                               for vals in client.progress_reports.values()), what="load progress to end")
    # the same, as factlint/status for a status bar item: loading, (indexing n/N,) ready with the corpus size
    await wait_for(lambda: client.statuses and client.statuses[-1].state != "loading", what="status after loading")
    states = [s.state for s in client.statuses]
    assert states[0] == "loading" and states[-1] == "ready", states
    assert "5 corpus articles" in client.statuses[-1].message


async def test_open_gives_exact_utf16_ranges_after_emoji_and_cjk(client, workspace):
    uri = from_fs_path(str(workspace / "draft.md"))
    open_doc(client, uri, DRAFT)
    diags = await diagnostics_for(client, uri, 1)
    (fig,) = find(diags, "figure/conflict")
    line = DRAFT.split("\n")[2]
    col = line.index("154")
    utf16 = len(line[:col].encode("utf-16-le")) // 2
    assert utf16 == col + 1  # the emoji is two UTF-16 units
    assert (fig.range.start.line, fig.range.start.character, fig.range.end.character) == (2, utf16, utf16 + 3)
    assert "145" in fig.message and fig.severity == types.DiagnosticSeverity.Warning
    assert find(diags, "artefact/mt-leftover")


async def test_edit_publishes_for_the_new_version_only(client, workspace):
    uri = from_fs_path(str(workspace / "edit.md"))
    open_doc(client, uri, DRAFT)
    await diagnostics_for(client, uri, 1)
    text = DRAFT
    # a burst of edits, as typing: each replaces the number one character at a time
    for version, new in enumerate(["145", "14", "1", "14", "145"], start=2):
        line = text.split("\n")[2]
        start = line.index("record ") + len("record ")
        end = line.index(" drones")
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=2, character=start + 1),
                                  end=types.Position(line=2, character=end + 1)), text=new)]))
        text = text.replace(line, line[:start] + new + line[end:])
    diags = await diagnostics_for(client, uri, 6)
    assert not find(diags, "figure/conflict")  # 145 agrees with the corpus
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions == sorted(versions), versions  # never an older version after a newer one
    answers = [p.version for p in client.published if p.uri == uri and not moved(p)]
    # the first edit after a pause is checked at once (tests/lsp/test_typing.py); an answer is
    # only ever for the newest version the server had read, so the last is v6
    assert answers[0] == 1 and answers[-1] == 6, answers


async def test_an_edit_moves_the_squiggles_at_once_then_the_check_answers(client, workspace):
    """Publish fast, then refine: two lines typed above a checked draft move its diagnostics
    down at once (a publish for the new version before the check's answer), and the answer
    agrees with where they were moved."""
    uri = from_fs_path(str(workspace / "moved.md"))
    open_doc(client, uri, DRAFT)
    before = await diagnostics_for(client, uri, 1)
    assert before
    seen = len(client.published)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            text="Kyiv\n\n")]))
    answer = await diagnostics_for(client, uri, 2)
    mine = [p for p in client.published[seen:] if p.uri == uri]
    assert mine[0].version == 2 and moved(mine[0]) and not moved(mine[-1])
    shifted = [(d.code, d.range.start.line - 2, d.range.start.character, d.range.end.line - 2, d.range.end.character)
               for d in mine[0].diagnostics]
    assert shifted == [(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
                       for d in before]
    assert sorted((d.code, d.range.start.line, d.range.start.character) for d in answer) == \
        sorted((d.code, d.range.start.line, d.range.start.character) for d in mine[0].diagnostics)


async def test_quick_fix_applies_the_corpus_figure(client, workspace):
    uri = from_fs_path(str(workspace / "draft.md"))
    diags = await diagnostics_for(client, uri, 1)
    (fig,) = find(diags, "figure/conflict")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=fig.range,
        context=types.CodeActionContext(diagnostics=[fig])))
    fix = next(a for a in actions if a.is_preferred)
    fixed = apply_edits(DRAFT, fix.edit.changes[uri])
    assert "a record 145 drones" in fixed and fixed.count("\n") == DRAFT.count("\n")


async def test_ignore_and_disable_actions_write_what_they_say(client, workspace):
    uri = from_fs_path(str(workspace / "draft.md"))
    diags = await diagnostics_for(client, uri, 1)
    (mt,) = find(diags, "artefact/mt-leftover")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=mt.range,
        context=types.CodeActionContext(diagnostics=[mt])))
    titles = [a.title for a in actions]
    ignore = next(a for a in actions if a.title.startswith("Ignore"))
    ignored = apply_edits(DRAFT, ignore.edit.changes[uri])
    assert "<!-- factlint-disable-next-line artefact/mt-leftover -->\nMoscow region governor" in ignored
    disable = next(a for a in actions if a.title.startswith("Disable artefact/mt-leftover"))
    assert "factlint.toml" in disable.title, titles
    config_uri = from_fs_path(str(workspace / "factlint.toml"))
    old = (workspace / "factlint.toml").read_text()
    new = apply_edits(old, disable.edit.changes[config_uri])
    assert 'disable = ["artefact/mt-leftover"]' in new and old.splitlines()[0] in new
    import tomllib

    assert tomllib.loads(new)["disable"] == ["artefact/mt-leftover"]


async def test_hover_shows_corpus_value_and_source(client, workspace):
    uri = from_fs_path(str(workspace / "draft.md"))
    diags = await diagnostics_for(client, uri, 1)
    (fig,) = find(diags, "figure/conflict")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=fig.range.start))
    assert "145" in hover.contents.value and ".txt:" in hover.contents.value


async def test_definition_points_into_the_corpus_article(client, workspace):
    uri = from_fs_path(str(workspace / "draft.md"))
    diags = await diagnostics_for(client, uri, 1)
    (fig,) = find(diags, "figure/conflict")
    locations = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=fig.range.start))
    loc = locations[0]
    from pygls.uris import to_fs_path

    article = open(to_fs_path(loc.uri), encoding="utf-8").read().split("\n")
    assert "145" in article[loc.range.start.line][loc.range.start.character:]


async def test_crlf_and_lone_cr_lines_give_exact_ranges(client, workspace):
    """Windows (CRLF) and old Mac (CR) line breaks: LSP counts both as breaks, so must we."""
    for name, nl in (("crlf.md", "\r\n"), ("cr.txt", "\r")):
        uri = from_fs_path(str(workspace / name))
        text = nl.join(["# Night", "", "😀 Zelensky said Russia launched a record 154 drones at Ukraine overnight.", ""])
        open_doc(client, uri, text)
        (fig,) = find(await diagnostics_for(client, uri, 1), "figure/conflict")
        line = text.split(nl)[2]
        col = len(line[:line.index("154")].encode("utf-16-le")) // 2
        assert (fig.range.start.line, fig.range.start.character, fig.range.end.character) == (2, col, col + 3), name
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=fig.range,
            context=types.CodeActionContext(diagnostics=[fig])))
        fix = next(a for a in actions if a.is_preferred)
        (edit,) = fix.edit.changes[uri]
        assert (edit.range.start.line, edit.range.start.character, edit.new_text) == (2, col, "145")


async def test_a_draft_over_the_limit_gets_one_information_diagnostic_at_the_top(client, workspace):
    uri = from_fs_path(str(workspace / "huge.md"))
    open_doc(client, uri, "Russia launched a record 154 drones at Ukraine overnight.\n\n" + "Words and more words. " * 10_000)
    diags = await diagnostics_for(client, uri, 1)
    (note,) = [d for d in diags if d.code == "input/checked-in-part"]
    assert note.severity == types.DiagnosticSeverity.Information and note.range.start == types.Position(line=0, character=0)
    assert "checked in part" in note.message and find(diags, "figure/conflict")  # the start still checked


async def test_the_bad_input_corpus_through_the_server(client, workspace):
    """Each file of tests/bad_inputs as an editor would show it (decoded, or with replacement
    characters where it is not text), and a 1 MB single line: every one is published, with
    every range inside its text, and the server still answers."""
    from tests.lsp.fuzz import to_offset
    from factlint.textfile import NotText, decode

    bad = ROOT / "tests" / "bad_inputs"
    texts = {}
    for p in sorted(bad.iterdir()):
        try:
            texts[p.name] = decode(p.read_bytes())
        except NotText:
            texts[p.name] = p.read_bytes().decode("utf-8", errors="replace")
    texts["one-line.txt"] = "Russia fired a record 154 drones at Ukraine overnight. " * 4_000  # over the size limit
    for name, text in texts.items():
        uri = from_fs_path(str(workspace / "bad" / name))
        open_doc(client, uri, text, language="markdown" if name.endswith(".md") else "plaintext")
        diags = await diagnostics_for(client, uri, 1)
        for d in diags:
            assert to_offset(text, d.range.start) is not None and to_offset(text, d.range.end) is not None, (name, d)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)))
    assert hover is None or hover.contents
