"""Readers for whole-document bibliographic formats, one small module each.

Each module exposes one pure ``parse_*(data, path, on_error)`` over the document's bytes or text,
built on the shared checks of :mod:`loaders.formats.base`; :mod:`loaders.sources` registers them
and picks one per file.
"""
