"""`python -m pipeline ...` is the same as the `vndoc` command."""

from .cli import main

main()
