"""Drive the real server over stdio with pytest-lsp."""
from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, LanguageClient, register_lsp_features

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CORPUS = ROOT / "examples" / "corpus"
SERVER = [sys.executable, "-m", "factlint", "serve"]
EXIT_WITHIN = 30  # seconds a server has to exit after `exit` before a test fails (and kills it)


def make_client(on_publish=None) -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics (not just the last), and
    passing each to `on_publish` when given."""
    from pygls.protocol import default_converter

    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)
        if on_publish is not None:
            on_publish(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    client.registrations = []

    def register_capability(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    features[types.CLIENT_REGISTER_CAPABILITY] = register_capability
    client.statuses = []  # factlint/status notifications, in order (what VS Code's status item shows)

    @client.feature("factlint/status")
    def status(client: LanguageClient, params):
        client.statuses.append(params)

    register_lsp_features(client, features)
    return client


def make_workspace(folder: Path, rules: Path | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'corpus = ["{EXAMPLE_CORPUS.as_posix()}"]', f'cache-dir = "{(folder / ".cache").as_posix()}"']
    if rules is not None:
        lines.append(f'rules = ["{rules.as_posix()}"]')
    (folder / "factlint.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


async def wait_for(predicate, timeout: float = 90.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def moved(params) -> bool:
    """A publish that only moved the diagnostics shown with an edit (the check's answer follows)."""
    return any(isinstance(d.data, dict) and d.data.get("moved") for d in params.diagnostics)


def partial(params) -> bool:
    """A publish of the text-only checks while the pipeline loads (the full answer follows)."""
    return any(isinstance(d.data, dict) and d.data.get("partial") for d in params.diagnostics)


async def diagnostics_for(client, uri: str, version: int, timeout: float = 90.0):
    """The check's answer for that version (not the diagnostics moved ahead of it, nor the
    text-only first answer)."""
    def found():
        for p in reversed(client.published):
            if p.uri == uri and p.version == version and not moved(p) and not partial(p):
                return p
        return None

    return (await wait_for(found, timeout, f"diagnostics for {uri} v{version}")).diagnostics


def open_doc(client, uri: str, text: str, version: int = 1, language: str = "markdown") -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))


def apply_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Apply LSP TextEdits (positions in the given encoding) to text, as an editor would."""
    lines = text.split("\n")

    def offset(pos):
        line = lines[pos.line] if pos.line < len(lines) else ""
        units, col = 0, 0
        for ch in line:
            if units >= pos.character:
                break
            units += len(ch.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(ch.encode("utf-8"))
            col += 1
        return sum(len(x) + 1 for x in lines[: pos.line]) + col

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        s, t = offset(e.range.start), offset(e.range.end)
        text = text[:s] + e.new_text + text[t:]
    return text


@pytest.fixture
def uri_of():
    from pygls.uris import from_fs_path

    return lambda p: from_fs_path(str(p))


async def shut_down(client: LanguageClient, stop: bool = False) -> None:
    """pytest-lsp's shutdown and exit, bounded: a server that does not answer `shutdown` or exit
    within EXIT_WITHIN seconds fails the test and is killed, instead of hanging the suite.
    `stop`: stop the client too (one a test made itself, not pytest-lsp's fixture)."""
    async def down() -> None:
        await client.shutdown_session()
        if stop:
            await client.stop()

    try:
        await asyncio.wait_for(down(), EXIT_WITHIN)
    except asyncio.TimeoutError:
        if client._server is not None:
            client._server.kill()
        raise AssertionError(f"the server did not shut down and exit within {EXIT_WITHIN} s") from None


@contextlib.asynccontextmanager
async def fresh_server(workspace: Path, client_spec: str = "visual-studio-code"):
    """A server of the test's own (not a module's shared one), initialised at `workspace` as
    the given editor would, shut down after."""
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await initialize(client, workspace, client_spec)
        yield client
    finally:
        await shut_down(client, stop=True)


async def initialize(client: LanguageClient, workspace: Path, client_spec: str = "visual-studio-code"):
    """initialize + initialized as the given editor would, rooted at the workspace."""
    from pygls.uris import from_fs_path
    from pytest_lsp import client_capabilities

    client.init_result = await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(client_spec), root_uri=from_fs_path(str(workspace))))
    return client.init_result
