"""Datasette plugin (loaded with `--plugins-dir plugins`): every page of the immutable site
may be kept by a caching proxy or CDN for `default_cache_ttl` seconds.

Datasette sets `Cache-Control: max-age=<default_cache_ttl>` on its table, row, query and
database pages only; the home page, the static folders (/datapackage/, /exports/, /dist/)
and plugin pages (/-/dashboards/..., /-/search) answer without it, so a proxy would fetch
them again every time. This adds the same header to a successful GET or HEAD answer that
has none, unless the request carries a cookie or credentials (the answer may depend on
who asks) or the answer sets a cookie (Datasette marks those `private, no-store` itself).
"""

from datasette import hookimpl


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_cache_control(scope, receive, send):
            asks = {name.lower() for name, _ in scope.get("headers", [])}
            if (
                scope["type"] != "http"
                or scope["method"] not in ("GET", "HEAD")
                or asks & {b"cookie", b"authorization"}
            ):
                await app(scope, receive, send)
                return

            async def send_with_cache_control(message):
                if message["type"] == "http.response.start" and message["status"] == 200:
                    names = {name.lower() for name, _ in message.get("headers", [])}
                    if b"cache-control" not in names and b"set-cookie" not in names:
                        ttl = int(datasette.setting("default_cache_ttl"))
                        value = f"max-age={ttl}" if ttl else "no-cache"
                        headers = [*message.get("headers", []), (b"cache-control", value.encode())]
                        message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_with_cache_control)

        return with_cache_control

    return wrap
