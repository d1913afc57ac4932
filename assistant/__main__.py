"""python -m assistant index|ask …"""

from assistant.cli import main

raise SystemExit(main())
