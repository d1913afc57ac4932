"""Load, clean, chunk, embed and store the corpus.

Importing this package first defers the __init__ of some llama-index packages (index.lazy_import), so
that a fresh process pays only for the llama-index modules it uses. The cyclic garbage collector is paused
meanwhile (index.startup_gc)."""

from index import lazy_import, startup_gc

with startup_gc.paused(freeze=True):  # modules live as long as the process (index.startup_gc)
    lazy_import.install()
