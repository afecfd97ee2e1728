"""What a killed kg run leaves behind: temporary files and folders named ``PREFIX<pid>-...``.

A run writes its temporaries under a name that holds its process id, so a later
run can tell the leftovers of a run that was killed (its process is gone) from
the work in progress of one still running (never touched).
"""

from __future__ import annotations

import os

__all__ = ["is_stale", "process_alive"]


def process_alive(pid: int) -> bool:
    """True while a process ``pid`` exists (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def is_stale(name: str, prefix: str) -> bool:
    """True for ``PREFIX<pid>-...`` made by a process that no longer runs (never for this one)."""
    if not name.startswith(prefix):
        return False
    pid_text = name[len(prefix) :].split("-", 1)[0]
    return pid_text.isdigit() and int(pid_text) != os.getpid() and not process_alive(int(pid_text))
