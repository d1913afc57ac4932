"""assistant.processes.stop_process on real child processes."""

from __future__ import annotations

import signal
import subprocess
import sys

from assistant.processes import stop_process


def test_a_process_that_ends_on_sigterm_is_reaped() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert stop_process(proc, timeout_s=10) == -signal.SIGTERM


def test_a_process_that_ignores_sigterm_is_killed() -> None:
    code = ("import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "print('ready', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"  # SIGTERM is ignored by now
    assert stop_process(proc, timeout_s=0.5) == -signal.SIGKILL
    proc.stdout.close()


def test_an_ended_process_is_left_as_it_is() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    proc.wait(timeout=30)
    assert stop_process(proc) == 3
