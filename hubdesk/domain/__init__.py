"""The rules of the domain: plain Python functions on a SQLAlchemy Session, no Qt.

Functions here never commit: the caller owns the transaction (`Database.write()`).
A broken rule raises `hubdesk.errors.DomainError` with a sentence in the current language.
"""
