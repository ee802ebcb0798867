"""Datasette plugin (loaded with `--plugins-dir plugins`): datasette-render-markdown's
template function and `{% markdown %}` tag without its per-cell hook.

datasette-dashboards depends on datasette-render-markdown, for its markdown charts (the
`render_markdown()` template function). That plugin also implements `render_cell`, which
Datasette calls for every cell of every table page; for each cell it looks up its plugin
configuration in the metadata (to convert columns named `*_markdown`, of which the
catalogue has none), about a fifth of a table page's CPU time for nothing. Its module is
unregistered here and its two other hooks are offered again, unchanged; Datasette loads
the plugins folder before it prepares its Jinja environment, so the tag is added once.
"""

import datasette_render_markdown
from datasette import hookimpl
from datasette.plugins import pm

if pm.is_registered(datasette_render_markdown):
    pm.unregister(datasette_render_markdown)


@hookimpl
def extra_template_vars():
    return {"render_markdown": datasette_render_markdown.render_markdown}


@hookimpl
def prepare_jinja2_environment(env):
    env.add_extension(datasette_render_markdown.MarkdownExtension)
