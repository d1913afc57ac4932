"""Small helpers shared by the tests that start servers on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served_ui(demo: Any) -> Iterator[str]:
    """Launch a Gradio Blocks app on a free loopback port (never shared) and yield its URL; closed on exit."""
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                            quiet=True, share=False)
    try:
        yield url
    finally:
        demo.close()
