"""The panes of the main screen (the Overview pane is ``tui.widgets.overview``)."""
