import sys

from ipitui.cli import main

sys.exit(main())
