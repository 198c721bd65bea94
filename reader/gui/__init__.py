"""The Qt desktop window: a thin layer over reader.core."""
