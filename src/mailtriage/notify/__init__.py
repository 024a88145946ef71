"""Notifications to people (dead letters to Slack), which never stop the pipeline when they fail."""

from __future__ import annotations

from mailtriage.notify.slack import SlackNotifier, build_slack_notifier, replay_link

__all__ = ["SlackNotifier", "build_slack_notifier", "replay_link"]
