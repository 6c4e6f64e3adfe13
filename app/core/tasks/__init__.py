"""Writing jobs as data plus the flows that run them: product copy, blog posts, rewrites, chat.

A task definition (TOML in ``resources/tasks``) says which fields a form has and what the prompts say;
the flow modules (``product``, ``blog``, ``rewrite``, ``chat``, ``generic``) run those prompts on an
engine, stream ``events`` back and check the output. Nothing here knows about Qt.
"""
