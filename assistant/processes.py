"""Stopping a child process the same way everywhere (the bench's UI launch, the tests' servers)."""

from __future__ import annotations

import subprocess
from typing import Any


def stop_process(proc: subprocess.Popen[Any], timeout_s: float = 10.0) -> int | None:
    """Ask it to end (SIGTERM), then kill it if it has not within timeout_s; returns its exit code (None
    only when even the kill was not reaped in time). Does nothing to one that already ended."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                return None
    return proc.returncode
