"""Renderers turn a structured assessment result into something a person reads."""
