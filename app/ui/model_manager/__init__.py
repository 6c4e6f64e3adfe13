"""The model manager dialog: catalog, Hub search, installed models and downloads."""

from app.ui.model_manager.bridge import DownloadBridge
from app.ui.model_manager.dialog import ModelManagerDialog

__all__ = ["DownloadBridge", "ModelManagerDialog"]
