"""The Qt-free core: documents, segmentation, translation, cache, models.

Nothing under `reader.core` may import Qt (a test enforces it), so the CLI,
the benchmarks and any future front end share exactly the same behaviour.
"""
