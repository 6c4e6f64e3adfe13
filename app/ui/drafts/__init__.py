"""The drafts library in the window: the sidebar list, autosave, version history and export."""

from app.ui.drafts.autosave import Autosaver
from app.ui.drafts.drafts_panel import DraftsPanel
from app.ui.drafts.export_actions import copy_as_rich_text, export_document
from app.ui.drafts.versions_dialog import VersionsDialog

__all__ = ["Autosaver", "DraftsPanel", "VersionsDialog", "copy_as_rich_text", "export_document"]
