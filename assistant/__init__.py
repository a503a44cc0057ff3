"""Cited question answering over documents on the twinning agreements of
Morocco's southern-province communes.

Data flow: documents -> chunks -> index -> retrieval -> answer -> citations.
Every front end (CLI, Gradio app, evaluation) goes through `assistant.api.Assistant`.
"""

__version__ = "0.1.0"
