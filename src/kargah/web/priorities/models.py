"""The priorities app's tables."""
