"""The short setup shown when there is no database yet."""
