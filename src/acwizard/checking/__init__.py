"""Checking connector files: the fast path, the validation cache, two processes, and the one
load entry point (`checking.load.load`) that decides between the fast path and the model.

- `document`: a document checked by the model, its problems placed at their lines
- `fastpath`: plainly valid files without pydantic
- `load`: the entry point; `check_file`/`check_files` with the cache
- `cache`: the remembered results of `validate`
- `parallel`: two processes for many files
- `secrets`: the secret guard's problems of a parsed file (connector, catalog, settings)

Nothing is imported here, so that importing one part never loads the others.
"""
