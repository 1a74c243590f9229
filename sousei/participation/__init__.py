"""Residents in the loop: comments with moderation, data requests, abuse protection."""
