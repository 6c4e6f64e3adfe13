"""The translation studio's widgets: language pickers, glossary editor, memory matches, segments."""
