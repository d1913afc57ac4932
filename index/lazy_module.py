"""Modules a dependency imports at its top but reads only on a path a first answer does not take: loaded
on the first read of one of their attributes.

Why: bm25s imports scipy.sparse when it is imported (75 modules, ~0.1 s of a fresh process's first answer)
and reads it in one place: building an index's score matrix with `csc_backend="scipy"` (`sp.csc_matrix`),
not bm25s's default backend (numpy) and not ours (index.keyword); loading a kept index and searching it
never read it. Deferred, our processes never load scipy.sparse; one that builds with that backend loads it
at that first read, and gets the module a normal import makes. The same for requests (with urllib3,
charset_normalizer, certifi: ~0.05 s) and PIL.Image, which llama-index reads only for images and URLs.

How: the module object is made from its normal spec and put in sys.modules (and on its parent package,
as the import system does), without running its code; the first attribute read runs it, in that same
object, under a lock, so another thread reading meanwhile waits for the whole module rather than seeing
it half-run (the standard library's importlib.util.LazyLoader lets it see it half-run before 3.12).
Falls back to the normal import on anything unexpected: not found, already imported, the off switch
(index.lazy_import.OFF_SWITCH); a module whose code fails when it finally runs is removed from sys.modules
and the failure raised, so the next import is the normal one.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
import types
from typing import Any, cast

from index.lazy_import import OFF_SWITCH

# scipy.sparse: bm25s reads it only to build with csc_backend="scipy" (not its default, not index.keyword's);
# requests, PIL.Image: llama_index.core.schema (and .utils) import them at their top and read them only to
# fetch or open an image or a file by URL, which no passage of ours is
ON_FIRST_READ = ("scipy.sparse", "requests", "PIL.Image")
log = logging.getLogger(__name__)
_lock = threading.RLock()  # one lock for all: loads are rare, and the loading thread may read it again


class _RunOnFirstRead(types.ModuleType):
    """A module whose code has not run yet: any attribute read runs it first (once), then reads."""

    def __getattribute__(self, attr: str) -> Any:
        # `import scipy.sparse` of a module in sys.modules reads its __spec__ (is it still initializing?):
        # the spec is the real one, and reading it must not run the module
        if attr != "__spec__":
            _load(self)
        return types.ModuleType.__getattribute__(self, attr)


def _load(module: types.ModuleType) -> None:
    with _lock:
        if type(module) is not _RunOnFirstRead:
            return  # loaded meanwhile by another thread
        spec = types.ModuleType.__getattribute__(module, "__spec__")
        if spec.loader_state.get("running"):
            return  # the module's own code reading it while it runs (as in a normal import)
        spec.loader_state["running"] = True
        try:
            spec.loader_state["loader"].exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)  # the next import is the normal one, and raises as it would
            raise
        finally:
            spec.loader_state["running"] = False
        cast(Any, module).__class__ = types.ModuleType  # from here on an ordinary module
        log.debug("%s read: its code ran", spec.name)


def defer(name: str) -> bool:
    """Put `name` in sys.modules un-run (see the module docstring); False when it is imported the normal
    way instead (already imported, not found, the off switch)."""
    with _lock:
        if name in sys.modules or os.environ.get(OFF_SWITCH, "") == "0":
            return False
        try:
            spec = importlib.util.find_spec(name)  # imports the parent package (scipy's is small)
        except (ImportError, ValueError) as exc:
            log.debug("%s not deferred: %s", name, exc)
            return False
        if spec is None or spec.loader is None or name in sys.modules:
            return False
        module = importlib.util.module_from_spec(spec)
        spec.loader_state = {"loader": spec.loader, "running": False}
        module.__class__ = _RunOnFirstRead
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)
        return True


def loaded(name: str) -> bool:
    """Whether `name` is imported and its code has run (for tests and the start-up bench)."""
    module = sys.modules.get(name)
    return module is not None and type(module) is not _RunOnFirstRead
