"""Run the command line: ``python -m scrlearn ...``."""

import sys

from .cli import main

sys.exit(main())
