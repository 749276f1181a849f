"""hubdesk: the desktop program a regional bio-industry foundation runs its hub with."""

__version__ = "0.1.0"
