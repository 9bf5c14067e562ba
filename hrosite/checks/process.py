"""Run a checker program with a time limit that also ends the processes it started.

pa11y-ci and linkchecker start children (Chromium, worker threads in their own processes);
`subprocess.run(timeout=…)` kills only the direct child, leaving a Chromium that holds the
pipes open and a nightly job that hangs until the CI runner gives up.
"""

from __future__ import annotations

import os
import signal
import subprocess


def run_bounded(cmd: list[str], *, timeout: float, **popen_args) -> subprocess.CompletedProcess:
    """Like subprocess.run(capture_output=True); on timeout the whole process group is killed
    and subprocess.TimeoutExpired is raised."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True, **popen_args) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise
        except BaseException:
            _kill_group(proc)
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
