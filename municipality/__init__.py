"""Baladiya's core: tenancy, accounts, security, audit, outbox, scheduler, web shell, CLI."""

import warnings

# Pyramid 2 and deform still import pkg_resources; setuptools is pinned below 81 so it
# exists, and its deprecation notice is not news to anyone running the CLI or server.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
