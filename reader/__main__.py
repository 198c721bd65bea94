"""`python -m reader` is the `reader` command."""

from reader.app import main

raise SystemExit(main())
