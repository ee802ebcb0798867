"""The benchmarks and the generators the tests share with them (synthetic journals,
renderings of a journal's text). Run from the repository root: `python -m benchmarks.accuracy`,
`python -m benchmarks.synth N DIR`; the tests import them as `benchmarks.synth` (pytest puts
the root on the path: pythonpath in pyproject.toml)."""
