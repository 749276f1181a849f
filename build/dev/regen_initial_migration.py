"""Development only: rewrite the initial Alembic revision from the schema models.

Allowed while no hubdesk release has shipped revision 0001; after the first release every
schema change becomes a new revision instead.
Run: .venv/bin/python build/dev/regen_initial_migration.py
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from alembic import command  # noqa: E402

from hubdesk.db.engine import make_engine  # noqa: E402
from hubdesk.db.migrate import alembic_config  # noqa: E402

versions = ROOT / "hubdesk" / "db" / "migrations" / "versions"
target = versions / "0001_initial.py"
target.unlink(missing_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    engine = make_engine(f"sqlite:///{tmp}/gen.db")
    with engine.begin() as conn:
        command.revision(alembic_config(conn), message="initial schema", autogenerate=True,
                         rev_id="0001_initial")
    engine.dispose()
generated = next(versions.glob("0001_initial_*.py"))
import re  # noqa: E402

text = generated.read_text()
text = re.sub(r"^ *# ### .*###\n", "", text, flags=re.M)
text = re.sub(r"Create Date: .*\n", "Create Date: 2026-11-23\n", text)
target.write_text(text)
generated.unlink()
print("rewrote", target)
