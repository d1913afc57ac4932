"""Load, clean, chunk, embed and store the corpus.

Importing this package first defers the __init__ of some llama-index packages (index.lazy_import), so
that a fresh process pays only for the llama-index modules it uses, and leaves scipy.sparse, requests and
PIL.Image (imported by bm25s and llama-index, read only for what we never do) un-run until read
(index.lazy_module). The cyclic garbage
collector is paused meanwhile (index.startup_gc)."""

from index import lazy_import, lazy_module, startup_gc

with startup_gc.paused(freeze=True):  # modules live as long as the process (index.startup_gc)
    for _name in lazy_module.ON_FIRST_READ:  # run on first read (index.lazy_module); before llama-index
        lazy_module.defer(_name)                # imports them
    lazy_import.install()
