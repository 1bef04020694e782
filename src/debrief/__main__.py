"""Allow `python -m debrief`."""

import sys

from debrief.cli import main

sys.exit(main())
