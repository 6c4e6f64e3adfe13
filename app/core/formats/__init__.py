"""Translatable file formats: segments out of a file, and the same file back with the translations in.

Everything outside the translatable text is kept as it was (byte for byte where the format allows), so a
translated file drops into the same build, site or subtitle player as the original.
"""
