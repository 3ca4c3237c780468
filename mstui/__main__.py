"""`python -m mstui` is the same as the `mstui` command."""

from mstui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
