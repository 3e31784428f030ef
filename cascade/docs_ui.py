"""The interactive docs (Swagger UI at /docs, ReDoc at /docs/redoc) from assets the package ships.

No page of the docs loads anything from a public CDN: a ministry's network often has no internet.
"""

from __future__ import annotations

from pathlib import Path

from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

STATIC = Path(__file__).parent / "static"
ASSETS = "/docs-assets"

_FAVICON = f"<link rel='icon' type='image/png' href='{ASSETS}/swagger-ui/favicon-32x32.png'>"


def render_plugins() -> list:
    return [
        SwaggerRenderPlugin(
            path="/",
            js_url=f"{ASSETS}/swagger-ui/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui/swagger-ui-standalone-preset.js",
            favicon=_FAVICON,
        ),
        RedocRenderPlugin(
            path="/redoc", js_url=f"{ASSETS}/redoc/redoc.standalone.js", google_fonts=False,
            favicon=_FAVICON,
        ),
    ]


#: The assets themselves, public like the docs page.
ASSETS_ROUTER = create_static_files_router(path=ASSETS, directories=[STATIC], include_in_schema=False)
