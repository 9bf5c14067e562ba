"""Run LinkChecker as the user who started it: `python -m hrosite.checks.linkchecker_main …`.

LinkChecker 10 switches its effective user to "nobody" when started as root and has no
option to stay. nobody may not read the checkout (a 0700 folder, root's home) and then
imports modules lazily from the virtual environment and fails: every URL ends in "internal
error occurred". The links gate fetches only its own server on 127.0.0.1 (and, with
--external, public sites), so it keeps the caller's user, as every other gate does.
"""

from __future__ import annotations

import sys

from linkcheck.command import linkchecker as command

command.drop_privileges = lambda: None   # the one call that changes user, read at call time

if __name__ == "__main__":
    sys.exit(command.linkchecker())
