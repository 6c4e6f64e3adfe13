"""Which widget shows which flow, so the window (and drafts) can open any task in the right workspace."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.core.engine.types import SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.base import Workspace
from app.ui.workspaces.blog import BlogWorkspace
from app.ui.workspaces.chat import ChatWorkspace
from app.ui.workspaces.classify import ClassifyWorkspace
from app.ui.workspaces.faq import FaqWorkspace
from app.ui.workspaces.feedback import FeedbackWorkspace
from app.ui.workspaces.product import ProductWorkspace
from app.ui.workspaces.rewrite import RewriteWorkspace
from app.ui.workspaces.translate import TranslateWorkspace

WorkspaceFactory = Callable[
    [TaskDefinition, EngineBridge, Callable[[], SamplingOptions], QWidget | None], Workspace
]

WORKSPACE_ORDER = ("product", "blog", "rewrite", "translate", "chat", "feedback", "classify", "faq")
"""The flows with a workspace, in the order the sidebar lists them."""

FACTORIES: dict[str, WorkspaceFactory] = {
    "product": ProductWorkspace,
    "blog": BlogWorkspace,
    "rewrite": RewriteWorkspace,
    "translate": TranslateWorkspace,
    "chat": ChatWorkspace,
    "feedback": FeedbackWorkspace,
    "classify": ClassifyWorkspace,
    "faq": FaqWorkspace,
}
