"""Load, clean, chunk, embed and store the corpus.

Importing this package first defers the __init__ of three llama-index packages (index.lazy_import), so
that a fresh process pays only for the llama-index modules it uses."""

from index import lazy_import

lazy_import.install()
