"""Translated enum names for the interface: the one list lives in hubdesk/enum_labels.py."""

from hubdesk.enum_labels import LABELS, choices, label

__all__ = ["LABELS", "choices", "label"]
