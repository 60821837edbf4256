"""`python -m runlocal`: what scripts/run-local runs after scripts/setup."""

import sys

from runlocal.cli import main

sys.exit(main())
