"""`python -m reader` is the `reader` command."""

from reader.app import main

if __name__ == "__main__":  # guarded: worker processes (spawn) import this module too
    raise SystemExit(main())
