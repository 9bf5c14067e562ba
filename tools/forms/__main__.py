"""`python -m tools.forms [src_dir] [out_dir] [--site site.yml] [--no-pdf] [--only ID]`."""

import sys

from .build import main

sys.exit(main())
