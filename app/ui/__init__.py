"""The PySide6 layer: widgets and one bridge to the engine worker. No business logic lives here."""
