"""`python -m dashboards`: the same as `wardwatch-dashboards`."""

import sys

from dashboards.cli import main

sys.exit(main())
