"""Where the project's own inputs are, for the tests and the benchmarks alike: the
repository, its bundled journal, and the shared folder beside it (../shared: the real
journal excerpts and their expected values, the seed journal, the vendored schemas)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "sources" / "pc-journal-976.txt"
SHARED = ROOT.parent / "shared"
