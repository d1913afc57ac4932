"""llama-index packages (LAZY) whose `__init__` runs only when a name it defines is read.

Why: Python runs a package's `__init__.py` before any of its submodules, and `llama_index/core/__init__.py`
imports every index, engine, agent and memory class (sqlalchemy's asyncio layer among them): ~2 s of a
fresh process's first answer on the shared 2-core machine, for classes the answer path never uses. The
answer path imports what it needs from the defining submodules (`llama_index.core.schema`, ...); with the
packages in LAZY left un-run, those imports cost what the submodules cost.

What it does, exactly: a finder at the front of `sys.meta_path` answers only for the names in LAZY. It
returns the normal spec (same file, `__path__`, `__file__`) with a loader whose `exec_module` does not run
the package's `__init__.py`; it puts a module `__getattr__` on the package instead. Reading a name that is
not there yet then:
- a name the package's `__init__.py` only imports (`from llama_index.core.prompts import
  BasePromptTemplate`, the __init__ saying `from llama_index.core.prompts.base import BasePromptTemplate`):
  imports the module it names and returns that module's object, the one the __init__ would bind. This
  holds only for an __init__ that does nothing but import (docstring, imports, `__all__`, `A = B` of an
  imported B; read from the file, never run: import_bindings); one that calls or defines anything is run
  as below. So `from llama_index.core.node_parser import SentenceSplitter` loads one parser, not all 30;
- a submodule's name (`llama_index.core.schema`): imports that submodule, as `import a.b` would;
- any other name (`from llama_index.core import VectorStoreIndex`, `llama_index.core.global_tokenizer`):
  runs the real `__init__.py` in that same module object (once, under a lock, `__getattr__` removed first),
  so the package becomes exactly what a normal import makes, and returns the name. (Another thread reading
  a name while that __init__ runs sees the partly run package, as during any import of it.)
Dunder names other than `__all__`/`__version__` never trigger it (tools probe `__wrapped__`, ...).
The package's module-level state that others read per call (STATE: llama_index.core.global_handler and
global_tokenizer, both None in its __init__) is set beforehand, so reading it does not run the __init__;
a value set meanwhile survives the __init__ running later.

Falls back to the normal import on any failure: `install()` does nothing when a LAZY package is already
imported or when the environment has LAZY_LLAMA_INDEX=0 (a name outside
ASSISTANT_*, which the settings reserve for themselves), and it imports the answer path's llama-index modules (PROBE) at
once; if that raises (say a llama-index release whose submodules only import in the order its `__init__`
gives), the finder is removed, every llama_index module imported under it is dropped and `llama_index.core`
is imported the normal way.
"""

from __future__ import annotations

import ast
import importlib
import importlib.abc
import importlib.machinery
import logging
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

# core, indices, query_engine: every index, engine and agent class; postprocessor, storage (+ .docstore),
# embeddings: rerankers, storage contexts and embedding helpers the answer path never reads (33 modules,
# ~30 ms of a first answer); prompts, llms, node_parser, vector_stores, response_synthesizers, callbacks,
# instrumentation: import-only __init__s whose names the answer path reads one by one (node parsers for
# every file type, the in-memory vector store with fsspec, debug handlers: 18 modules)
LAZY = frozenset({"llama_index.core", "llama_index.core.indices", "llama_index.core.query_engine",
                  "llama_index.core.postprocessor", "llama_index.core.storage", "llama_index.core.storage.docstore",
                  "llama_index.core.embeddings", "llama_index.core.prompts", "llama_index.core.llms",
                  "llama_index.core.node_parser", "llama_index.core.vector_stores",
                  "llama_index.core.response_synthesizers", "llama_index.core.callbacks",
                  "llama_index.core.instrumentation"})
# module-level state an __init__ defines and others read on every call (CallbackManager() reads
# llama_index.core.global_handler, get_tokenizer() global_tokenizer): set to the __init__'s own initial value
# in the deferred package; a value set meanwhile (set_global_handler) is kept when the __init__ runs
STATE: dict[str, dict[str, Any]] = {"llama_index.core": {"global_handler": None, "global_tokenizer": None}}
# names a package's __init__ defines that start with "__" (other dunders are probes and never run it)
_DUNDERS = frozenset({"__all__", "__version__"})
# the llama-index modules the answer path imports (index.*, assistant.*): imported by install() as its check
PROBE = (
    "llama_index.core.schema",
    "llama_index.core.bridge.pydantic",
    "llama_index.core.base.base_retriever",
    "llama_index.core.base.embeddings.base",
    "llama_index.core.base.response.schema",
    "llama_index.core.vector_stores.types",
    "llama_index.core.vector_stores.utils",
    "llama_index.core.response_synthesizers.base",
    "llama_index.core.indices.prompt_helper",
    "llama_index.core.llms.mock",
    "llama_index.core.prompts.mixin",
)
OFF_SWITCH = "LAZY_LLAMA_INDEX"  # "0": the normal import (for comparisons; the bench uses it)
log = logging.getLogger(__name__)
_lock = threading.RLock()
_installed: list[_Finder] = []


class _DeferredInit(importlib.abc.Loader):
    """Makes the package module without running its __init__.py; `real` runs it on demand."""

    def __init__(self, real: importlib.abc.Loader) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        spec = module.__spec__
        assert spec is not None
        spec.loader = module.__loader__ = self.real  # from here on it looks like a normal package
        module.__dict__.update(STATE.get(spec.name, {}))
        module.__dict__["__getattr__"] = _attribute_reader(module, spec.name, self.real)


def import_bindings(source: str, package: str) -> dict[str, tuple[str, str | None]] | None:
    """What a package's `__init__.py` (source) binds, when it only imports: name -> (module, attribute
    of that module, None for the module itself). None when the file does anything else (a call, a
    definition, a condition, a star import): then only running it tells what a name is.
    Allowed beside imports: the docstring, `__all__ = ...` and `Alias = ImportedName`."""
    bindings: dict[str, tuple[str, str | None]] = {}
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.ImportFrom):
            base = package.rsplit(".", statement.level - 1)[0] if statement.level else ""
            module = ".".join(filter(None, [base, statement.module or ""]))
            for alias in statement.names:
                if alias.name == "*" or not module:
                    return None
                if module != "__future__":
                    bindings[alias.asname or alias.name] = (module, alias.name)
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    bindings[alias.asname] = (alias.name, None)
                else:  # `import a.b` binds `a`
                    top = alias.name.split(".")[0]
                    bindings[top] = (top, None)
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # the docstring
        elif (isinstance(statement, ast.Assign) and len(statement.targets) == 1
              and isinstance(target := statement.targets[0], ast.Name)):
            if target.id == "__all__":
                continue  # reading __all__ runs the __init__ (_DUNDERS)
            if not (isinstance(statement.value, ast.Name) and statement.value.id in bindings):
                return None
            bindings[target.id] = bindings[statement.value.id]
        else:
            return None
    return bindings


def _bindings_of(module: ModuleType, name: str) -> dict[str, tuple[str, str | None]]:
    """The names the package's __init__.py only imports (import_bindings); {} when it does more or
    cannot be read: every name then runs it."""
    try:
        origin = module.__spec__.origin if module.__spec__ else None
        source = Path(origin).read_text(encoding="utf-8") if origin else ""
        return import_bindings(source, name) or {}
    except (OSError, SyntaxError, ValueError) as exc:
        log.debug("%s/__init__.py not read (%s): every name runs it", name, exc)
        return {}


def _attribute_reader(module: ModuleType, name: str, real: importlib.abc.Loader) -> Any:
    bindings: dict[str, tuple[str, str | None]] | None = None

    def __getattr__(attr: str) -> Any:
        nonlocal bindings
        if attr.startswith("__") and attr not in _DUNDERS:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}")
        if bindings is None:
            bindings = _bindings_of(module, name)
        if attr in bindings:  # what the __init__ would bind, from where it would take it
            source, source_attr = bindings[attr]
            try:
                found = importlib.import_module(source)
                value = found if source_attr is None else getattr(found, source_attr)
            except (ImportError, AttributeError) as exc:  # then the __init__ itself decides
                log.debug("%s.%s not found where %s/__init__.py takes it (%s)", name, attr, name, exc)
            else:
                module.__dict__.setdefault(attr, value)  # a value the __init__ set meanwhile stays
                return module.__dict__[attr]
        child = f"{name}.{attr}"
        if child in sys.modules:
            return sys.modules[child]
        if importlib.machinery.PathFinder.find_spec(child, module.__path__) is not None:
            return importlib.import_module(child)
        with _lock:
            if module.__dict__.get("__getattr__") is __getattr__:
                del module.__dict__["__getattr__"]
                log.debug("%s.%s read: running %s/__init__.py", name, attr, name)
                kept = {key: module.__dict__.get(key) for key in STATE.get(name, {})}
                real.exec_module(module)
                module.__dict__.update({key: value for key, value in kept.items() if value is not None})
        try:
            return module.__dict__[attr]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}") from None

    return __getattr__


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in LAZY:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            return spec  # not a package on disk: the normal way
        spec.loader = _DeferredInit(spec.loader)
        return spec


def installed() -> bool:
    return bool(_installed)


def install() -> bool:
    """Defer the LAZY packages' __init__ (see the module docstring); True when it is in place."""
    with _lock:
        if _installed:
            return True
        if os.environ.get(OFF_SWITCH, "") == "0" or any(name in sys.modules for name in LAZY):
            return False
        finder = _Finder()
        sys.meta_path.insert(0, finder)
        _installed.append(finder)
        try:
            # the library's own logging set-up, done by its __init__ (a NullHandler: no "no handler" noise)
            logging.getLogger("llama_index.core").addHandler(logging.NullHandler())
            for module in PROBE:
                importlib.import_module(module)
        except Exception as exc:  # whatever failed: the normal import, from a clean slate
            log.warning("llama-index imported the normal way: a deferred package failed (%s)", exc)
            uninstall()
            importlib.import_module("llama_index.core")
            return False
        return True


def uninstall() -> None:
    """Remove the finder and forget every llama_index module (the next import is the normal one)."""
    with _lock:
        while _installed:
            finder = _installed.pop()
            if finder in sys.meta_path:
                sys.meta_path.remove(finder)
        for name in [m for m in sys.modules if m == "llama_index" or m.startswith("llama_index.")]:
            del sys.modules[name]
