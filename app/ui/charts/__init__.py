"""Small charts painted with QPainter: the packaged app ships only QtCore, QtGui and QtWidgets."""

from app.ui.charts.bar_chart import Bar, BarChart

__all__ = ["Bar", "BarChart"]
