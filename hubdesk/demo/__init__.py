"""Realistic, deterministic demo data: `generate(db, size, seed, today=...)`."""

from hubdesk.demo.context import SIZES
from hubdesk.demo.generate import DemoCancelled, DemoSummary, generate

__all__ = ["DemoCancelled", "DemoSummary", "SIZES", "generate"]
