"""Run the engine (MkDocs + Material) on the repository's mkdocs.yml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def render(root: Path, *, serve: bool = False, config: str = "mkdocs.yml",
           site_dir: Path | None = None) -> int:
    """Call MkDocs as a subprocess so that engine logs and exit codes stay its own."""
    command = [sys.executable, "-m", "mkdocs", "serve" if serve else "build", "-f", config]
    if not serve:
        command.append("--clean")
        if site_dir is not None:
            command += ["--site-dir", str(site_dir)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.call(command, cwd=root, env=env)
