import sys

from samhandling.cli import main

sys.exit(main())
