#!/usr/bin/env python
"""Django's command-line utility; `koers` (koers.cli) is the same with friendlier names."""

from koers.cli import main

if __name__ == "__main__":
    main()
